import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { unlockAccount } from '../security/throttle.ts';
import { peopleRepository } from './peopleRepository.ts';
import { presentPerson } from './personPresenter.ts';
import { assertMayManageAccount } from './personPolicy.ts';

/**
 * Lifts the sign-in throttle lock of a person's account (after 10 wrong passwords) and starts its
 * count again, e.g. once staff have confirmed on the phone who is locked out. The per-address
 * slow-down is untouched. Audited when a lock was lifted; answers the person.
 */
export async function unlockSignIn(db: Db, opts: { actor: Principal; id: number; meta?: RequestMeta; now?: Date }) {
  const { actor, id } = opts;
  const now = opts.now ?? new Date();
  const person = await peopleRepository.get(db, id);
  assertMayManageAccount(actor, person, id);
  const email = presentPerson(person).email;
  if (email) {
    await db.tx(async (q) => {
      const was = await unlockAccount(q, email, now);
      if (was)
        await recordAudit(q, { type: 'person.unlocked', personId: id, actorId: actor.personId, meta: opts.meta, at: now, data: { email } });
    });
  }
  return presentPerson((await peopleRepository.get(db, id))!);
}
