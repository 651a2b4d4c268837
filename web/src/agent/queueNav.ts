/** The ticket numbers of the queue last shown, so j/k in a ticket move to the neighbour without going back. */
let ids: number[] = [];
let view = 'mine';
export const queueNav = {
  /** `v`: the view's URL segment (`mine`, or a custom view's id). */
  set(v: string, list: number[]) {
    view = v;
    ids = list;
  },
  view: () => view,
  neighbour(number: number, step: 1 | -1): number | null {
    const i = ids.indexOf(number);
    if (i < 0) return null;
    return ids[i + step] ?? null;
  },
};
