import type { Message } from '../../api/types.ts';

/**
 * The newest message someone else (a customer or another agent; not the system) added after the
 * message `sinceId` the draft was started on, or null. Pure: the collision prompt's rule.
 */
export function newerByOthers(messages: Message[], sinceId: number, meId: number | null | undefined): Message | null {
  let hit: Message | null = null;
  for (const m of messages) {
    if (m.id <= sinceId || !m.author || m.author.id === meId) continue;
    if (!hit || m.id > hit.id) hit = m;
  }
  return hit;
}

/** "20 s" / "3 min" from now: how long ago it landed (the prompt's {ago}). */
export function agoParts(createdAt: string, nowMs = Date.now()): { unit: 'seconds' | 'minutes'; n: number } {
  const s = Math.max(0, Math.round((nowMs - new Date(createdAt).getTime()) / 1000));
  return s < 60 ? { unit: 'seconds', n: s } : { unit: 'minutes', n: Math.floor(s / 60) };
}
