import type { Db } from '../../db/client.ts';
import { expandablePrefixes, toTsQuery } from '../../domain/search/tokenize.ts';

/** A prefix that more indexed words than this start with stays a prefix match. */
export const MAX_SPELLED = 64;

/**
 * The words of `q` as the search index answers them fastest: `toTsQuery` with each prefix spelled
 * out as the indexed words that start with it (`search_words`, migration 0037; docs/search.md).
 * One statement for all the prefixes; null when `q` has nothing searchable.
 */
export async function indexTsQuery(db: Db, q: string): Promise<string | null> {
  const prefixes = expandablePrefixes(q);
  const words = new Map<string, string[]>();
  if (prefixes.length) {
    const rows = await db.query<{ prefix: string; words: string[] | null }>(
      `select p.prefix,
              (select array_agg(s.word order by s.word) from (
                 select word from search_words
                  where word >= p.prefix collate "C" and word < (p.prefix || chr(1114111)) collate "C"
                  order by word limit $2) s) as words
         from unnest($1::text[]) as p(prefix)`,
      [prefixes, MAX_SPELLED + 1],
      { prepare: true },
    );
    for (const r of rows) {
      const list = r.words ?? [];
      if (list.length <= MAX_SPELLED) words.set(r.prefix, list);
    }
  }
  return toTsQuery(q, words);
}
