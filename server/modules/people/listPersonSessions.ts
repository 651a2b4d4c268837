import type { Db } from '../../db/client.ts';
import { authRepository } from '../auth/authRepository.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { peopleRepository } from './peopleRepository.ts';
import { assertMayManageAccount } from './personPolicy.ts';

/**
 * A person's open sessions for the staff view of their page: when each began, was last used and
 * from which browser (the user agent). Staff for customers, admins for everyone (personPolicy);
 * the IP address only for admins. Ending them is admin-only (DELETE /people/{id}/sessions).
 */
export async function listPersonSessions(db: Db, opts: { actor: Principal; id: number; now?: Date }) {
  const { actor, id } = opts;
  assertMayManageAccount(actor, await peopleRepository.get(db, id), id);
  const rows = await authRepository.activeSessions(db, id, opts.now ?? new Date());
  return {
    data: rows.map((s) => ({
      id: s.id,
      user_agent: s.user_agent,
      ip: isAdmin(actor) ? s.ip : null,
      created_at: s.created_at,
      last_seen_at: s.last_seen_at,
      expires_at: s.expires_at,
    })),
  };
}
