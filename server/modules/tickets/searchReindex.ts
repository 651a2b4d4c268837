import type { Db } from '../../db/client.ts';
import { CJK_CHARS, mixedRunWords } from '../../domain/search/tokenize.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import { articleSearchText } from '../kb/articleValues.ts';

/** A piece of a run indexed before 2026-12-07 where a word met Chinese: a letter or digit, then a Chinese character ('l证'). */
const MIXED_PIECE = `^[^${CJK_CHARS}][${CJK_CHARS}]$`;
const TICKETS_PER_BATCH = 500;
const ARTICLES_PER_BATCH = 200;
/** Batches per run of the job: then it queues its next run from where it stopped, so a restart repeats little. */
const BATCHES_PER_RUN = 20;

/**
 * search.mixed_runs (queued once by migration 0046): before 2026-12-07 a word written right before
 * Chinese (SSL证书, 522错误) was indexed as pieces of one run, so searching SSL did not find it
 * (server/domain/search/tokenize.ts). This walks the tickets in id order and adds those words to the
 * search text of the ones indexed that way (their pieces give them away), from the subject and
 * messages, and to the internal notes' search text; then it re-indexes the help center's articles.
 * Nothing else of a ticket changes: no event, no `updated_at` (it is the index catching up, not a
 * change anyone made). Idempotent: a ticket that already has the words only gets them again.
 */
export function registerSearchReindexJob() {
  defineJob({
    name: 'search.mixed_runs',
    async handler(p, ctx) {
      const phase = p.phase === 'articles' ? 'articles' : 'tickets';
      let after = Number(p.after_id ?? 0);
      for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
        const last = phase === 'tickets' ? await reindexTickets(ctx.db, after) : await reindexArticles(ctx.db, after);
        if (last == null) {
          if (phase === 'tickets') await enqueue(ctx.db, 'search.mixed_runs', { phase: 'articles', after_id: 0 });
          return;
        }
        after = last;
      }
      await enqueue(ctx.db, 'search.mixed_runs', { phase, after_id: after });
    },
  });
}

/** One batch of tickets after `after`; the last id seen, or null when there are no more. */
async function reindexTickets(db: Db, after: number): Promise<number | null> {
  const rows = await db.query<{ id: number; subject: string; pub: boolean; internal: boolean }>(
    `select t.id, t.subject,
            exists (select 1 from unnest(tsvector_to_array(t.search)) w where w ~ $2) as pub,
            exists (select 1 from unnest(coalesce(tsvector_to_array(t.search_internal), '{}'::text[])) w where w ~ $2) as internal
       from tickets t where t.id > $1 order by t.id limit $3`,
    [after, MIXED_PIECE, TICKETS_PER_BATCH],
  );
  if (!rows.length) return null;
  const stale = rows.filter((r) => r.pub || r.internal);
  if (stale.length) {
    const ids = stale.map((r) => r.id);
    const messages = await db.query<{ ticket_id: number; internal: boolean; body_text: string }>(
      `select ticket_id, internal, left(body_text, 200000) as body_text from messages where ticket_id = any($1::bigint[]) order by id`,
      [ids],
    );
    // A merged ticket's subject went into its target's search text (mergeTickets.ts).
    const merged = await db.query<{ merged_into_id: number; subject: string }>(
      `select merged_into_id, subject from tickets where merged_into_id = any($1::bigint[])`,
      [ids],
    );
    const text = new Map(stale.map((r) => [r.id, { pub: [r.subject], internal: [] as string[] }]));
    for (const m of messages) text.get(m.ticket_id)![m.internal ? 'internal' : 'pub'].push(m.body_text);
    for (const m of merged) text.get(m.merged_into_id)?.pub.push(m.subject);
    const words = stale.map((r) => ({
      id: r.id,
      pub: r.pub ? mixedRunWords(text.get(r.id)!.pub.join('\n')) : '',
      internal: r.internal ? mixedRunWords(text.get(r.id)!.internal.join('\n')) : '',
    }));
    await db.query(
      `update tickets t
          set search = case when v.pub <> '' then t.search || to_tsvector('simple', v.pub) else t.search end,
              search_internal = case when v.internal <> '' then coalesce(t.search_internal, ''::tsvector) || to_tsvector('simple', v.internal)
                                     else t.search_internal end
         from unnest($1::bigint[], $2::text[], $3::text[]) as v(id, pub, internal)
        where t.id = v.id and (v.pub <> '' or v.internal <> '')`,
      [words.map((w) => w.id), words.map((w) => w.pub), words.map((w) => w.internal)],
    );
  }
  return rows[rows.length - 1].id;
}

/** One batch of articles after `after`, their search text written again as articleValues writes it. */
async function reindexArticles(db: Db, after: number): Promise<number | null> {
  const rows = await db.query<{ id: number; title_en: string; title_zh: string; body_md_en: string; body_md_zh: string }>(
    `select id, title_en, title_zh, body_md_en, body_md_zh from kb_articles where id > $1 order by id limit $2`,
    [after, ARTICLES_PER_BATCH],
  );
  if (!rows.length) return null;
  await db.query(
    `update kb_articles a set search = to_tsvector('simple', v.text) from unnest($1::bigint[], $2::text[]) as v(id, text) where a.id = v.id`,
    [rows.map((r) => r.id), rows.map(articleSearchText)],
  );
  return rows[rows.length - 1].id;
}
