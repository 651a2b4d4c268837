import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { kbPolicy } from './kbPolicy.ts';
import { kbRepository } from './kbRepository.ts';

/** Deletes a help article: agents a draft, admins any (a published one is what the public reads). Its counters go with it. */
export async function deleteArticle(db: Db, o: { actor: Principal; id: number }) {
  kbPolicy.writeDraft(o.actor);
  await db.tx(async (q) => {
    const cur = await kbRepository.article(q, o.id, { lock: true });
    if (!cur) throw notFound('Help article', o.id);
    if (cur.status === 'published') kbPolicy.publish(o.actor);
    await kbRepository.delete(q, o.id);
  });
}
