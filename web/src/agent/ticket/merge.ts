/** What the merge dialog asks the API for, from what the agent typed: a number, or words. */
export function mergeCandidatesQuery(text: string): { number: number } | { q: string } | null {
  const s = text.trim();
  if (!s) return null;
  const n = /^#?\s*(\d{1,15})$/.exec(s);
  if (n) return Number.isSafeInteger(Number(n[1])) ? { number: Number(n[1]) } : null;
  return s.length >= 2 ? { q: s.slice(0, 200) } : null;
}

interface Mergeable {
  id: number;
  status: string;
  organization_id: number | null;
  requester_id: number;
  merged_into_number?: number | null;
}

/**
 * Why a merge would be refused (the server's rules, said before the agent confirms): a closed or
 * merged target, or another customer's ticket (a merge never crosses organizations).
 */
export function mergeRefusal(source: Mergeable, target: Mergeable): 'target_closed' | 'target_merged' | 'different_organization' | null {
  if (target.merged_into_number != null) return 'target_merged';
  if (target.status === 'closed') return 'target_closed';
  const same =
    source.organization_id != null
      ? source.organization_id === target.organization_id
      : target.organization_id == null && source.requester_id === target.requester_id;
  return same ? null : 'different_organization';
}

/**
 * Whether the target opens again (the server's rule, said before the agent confirms): a source still
 * waiting on the team brings the requester's unanswered words to a solved, pending or on-hold target.
 */
export function mergeReopensTarget(source: { status: string }, target: { status: string }): boolean {
  return (source.status === 'new' || source.status === 'open') && ['solved', 'pending', 'on_hold'].includes(target.status);
}
