import type { QueueReason, Ticket } from '../api/types.ts';

/** Readers for the SLA fields a ticket may carry; each tolerates their absence. */
export const slaKind = (t: Ticket): 'sla' | 'slo' | undefined => t.sla?.kind;

/** A policy's or a calendar's name in the reader's language (`display_name`, as the presets store it), else its `name` (docs/sla.md). */
export function localName(p: { name: string; display_name?: Record<string, string> | null }, lang: string): string {
  const v = p.display_name?.[lang];
  return typeof v === 'string' && v.trim() ? v : p.name;
}

export function slaPolicyName(t: Ticket, lang: string): string | undefined {
  const p = t.sla?.policy;
  if (!p) return undefined;
  return typeof p === 'string' ? p : localName(p, lang);
}

/** The calendar zone SLA times are counted in, when the API says. */
export function slaZone(t: Ticket): string | undefined {
  const s = t.sla;
  if (!s) return undefined;
  return s.timezone ?? s.calendar?.timezone ?? s.metrics?.find((m) => m.timezone)?.timezone ?? undefined;
}

/** Why the ticket sits where it is; derived from plan and priority when the API gives no reason yet. */
export function queueReason(t: Ticket): QueueReason {
  if (t.queue_reason?.key) return t.queue_reason;
  return { key: 'queue.reason.no_target', params: { plan: t.plan?.name ?? null, priority: t.priority } };
}

export const isRunning = (t: Ticket) => !!t.sla_next_breach_at && t.status !== 'solved' && t.status !== 'closed';
