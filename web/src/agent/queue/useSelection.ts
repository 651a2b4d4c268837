import { useCallback, useMemo, useRef, useState } from 'react';

/**
 * Which tickets of a list are chosen for a bulk change. Shift-click selects the range from the last
 * row clicked; "all matching" stands for every ticket of the view (the rows are fetched when acting).
 */
export function useSelection(rows: Array<{ id: number }>) {
  const [ids, setIds] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const anchor = useRef<number | null>(null);
  const visible = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  // Rows that left the list (solved, reassigned) are no longer selected.
  const chosen = useMemo(() => new Set([...ids].filter((id) => visible.has(id))), [ids, visible]);

  const toggle = useCallback(
    (index: number, range: boolean) => {
      const id = rows[index]?.id;
      if (id == null) return;
      setAllMatching(false);
      // Read the anchor now: the updater runs later, after it has moved to this row.
      const last = range ? anchor.current : null;
      const from = last != null ? Math.min(last, index) : index;
      const to = last != null ? Math.max(last, index) : index;
      setIds((cur) => {
        const next = new Set(cur);
        const on = !cur.has(id);
        for (let i = from; i <= to; i++) {
          const r = rows[i];
          if (r) {
            if (on) next.add(r.id);
            else next.delete(r.id);
          }
        }
        return next;
      });
      anchor.current = index;
    },
    [rows],
  );

  const setPage = useCallback(
    (on: boolean) => {
      setAllMatching(false);
      setIds(on ? new Set(rows.map((r) => r.id)) : new Set());
    },
    [rows],
  );
  const clear = useCallback(() => {
    setIds(new Set());
    setAllMatching(false);
    anchor.current = null;
  }, []);
  const keep = useCallback((only: number[]) => {
    setIds(new Set(only));
    setAllMatching(false);
  }, []);

  return {
    ids: chosen,
    allMatching,
    toggle,
    setPage,
    clear,
    keep,
    selectAllMatching: () => setAllMatching(true),
    pageSelected: rows.length > 0 && rows.every((r) => chosen.has(r.id)),
    someSelected: chosen.size > 0 || allMatching,
  };
}
export type Selection = ReturnType<typeof useSelection>;
