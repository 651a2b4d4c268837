/**
 * Sort orders for ticket lists, each with its keyset predicate and a matching index.
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
  // Breach time first (infinity when none), then plan rank, priority and age: see migration 0002.
  queue: {
    keys: ['k_due', 'k_rank', 'k_prio', 'k_at', 'k_id'],
    select: `t.queue_due_at::text as k_due, t.queue_rank as k_rank, t.queue_priority as k_prio, t.created_at::text as k_at, t.id as k_id`,
    orderBy: 't.queue_due_at, t.queue_rank, t.queue_priority, t.created_at, t.id',
    after: (v, arg) =>
      `(t.queue_due_at, t.queue_rank, t.queue_priority, t.created_at, t.id) > (${arg(v[0])}::timestamptz, ${arg(v[1])}::int, ${arg(v[2])}::text, ${arg(v[3])}::timestamptz, ${arg(v[4])}::bigint)`,
  },
};
export const SORT_NAMES = ['-created_at', 'created_at', '-updated_at', 'updated_at', 'queue'] as const;
export type SortName = (typeof SORT_NAMES)[number];
