/**
 * Sort orders for ticket lists, each with its keyset predicate. `queue` is extended by the SLA
 * area (breach time, plan rank, priority, age); the base orders walk (created_at, id) or (updated_at, id).
 */
export interface SortSpec {
  keys: string[];
  select: string;
  orderBy: string;
  after(values: unknown[], arg: (v: unknown) => string): string;
}

const simple = (col: string, dir: 'asc' | 'desc'): SortSpec => ({
  keys: ['k_at', 'k_id'],
  // The key is read as text: JavaScript dates drop microseconds, and the cursor must not.
  select: `t.${col}::text as k_at, t.id as k_id`,
  orderBy: `t.${col} ${dir}, t.id ${dir}`,
  after: (v, arg) => `(t.${col}, t.id) ${dir === 'desc' ? '<' : '>'} (${arg(v[0])}::timestamptz, ${arg(v[1])}::bigint)`,
});

export const SORTS: Record<string, SortSpec> = {
  '-created_at': simple('created_at', 'desc'),
  created_at: simple('created_at', 'asc'),
  '-updated_at': simple('updated_at', 'desc'),
  updated_at: simple('updated_at', 'asc'),
  queue: simple('created_at', 'asc'),
};
export const SORT_NAMES = ['-created_at', 'created_at', '-updated_at', 'updated_at', 'queue'] as const;
export type SortName = (typeof SORT_NAMES)[number];
