import { invalid, text } from '../../errors.ts';

/** Opaque keyset cursor: the sort key of the last row of a page. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Only what encodeCursor writes: plain values. Numbers in a cursor are ids and ranks (times are
    // written as text), so a number must be a whole number small enough for any column type to
    // take it, times included (8.64e15 ms is the limit of a JavaScript date).
    const plain = (x: unknown) =>
      x === null ||
      (Number.isSafeInteger(x) && Math.abs(x as number) <= 8.64e15) ||
      (typeof x === 'string' && x.length <= 200 && !x.includes('\u0000'));
    if (Array.isArray(v) && v.length === arity && v.every(plain)) return v;
  } catch {
    /* fall through */
  }
  throw invalid(text('shared.errors.bad_cursor'), { field: 'cursor' });
}

export function page<T>(rows: T[], limit: number, key: (row: T) => unknown[]) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, next_cursor: more ? encodeCursor(key(data[data.length - 1])) : null };
}

/** Maps a unique/foreign-key violation to a readable error. */
export function pgCode(e: unknown): string | undefined {
  return (e as { code?: string })?.code;
}
