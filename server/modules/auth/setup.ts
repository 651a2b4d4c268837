import type { Db } from '../../db/client.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { conflict, text } from '../../errors.ts';
import { insertPerson } from '../people/createPerson.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { presentPerson } from '../people/personPresenter.ts';
import { consumeOneTimeToken, issueOneTimeToken } from './oneTimeTokens.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';

export async function hasAdmin(db: Db): Promise<boolean> {
  return (await db.query(`select 1 from people where role = 'admin' limit 1`)).length > 0;
}

/**
 * First start on an empty database: create the admin from the environment when both values are
 * set, otherwise issue a one-time setup token. Returns what happened, for the boot log.
 */
export async function bootstrapAdmin(
  db: Db,
  o: { email?: string; password?: string },
): Promise<{ kind: 'exists' } | { kind: 'created'; email: string } | { kind: 'link'; token: string }> {
  if (await hasAdmin(db)) return { kind: 'exists' };
  if (o.email && o.password) {
    checkPasswordStrength(o.password);
    const hash = await hashPassword(o.password);
    await db.tx(async (q) => {
      const id = await insertPerson(q, { name: 'Admin', email: o.email!, role: 'admin', passwordHash: hash, verified: true });
      await recordAudit(q, { type: 'person.created', personId: id, data: { role: 'admin', via: 'environment' } });
    });
    return { kind: 'created', email: o.email };
  }
  const token = await db.tx(async (q) => {
    await q.query(`update one_time_tokens set used_at = now() where purpose = 'setup' and used_at is null`);
    return issueOneTimeToken(q, { purpose: 'setup', personId: null, hours: 24 });
  });
  return { kind: 'link', token };
}

export async function completeSetup(
  db: Db,
  o: { token: string; name: string; email: string; password: string; locale?: string; meta?: RequestMeta },
) {
  checkPasswordStrength(o.password);
  const hash = await hashPassword(o.password);
  const id = await db.tx(async (q) => {
    await consumeOneTimeToken(q, 'setup', o.token);
    if ((await q.query(`select 1 from people where role = 'admin' limit 1`)).length) throw conflict(text('auth.errors.already_set_up'));
    const created = await insertPerson(q, {
      name: o.name,
      email: o.email,
      role: 'admin',
      passwordHash: hash,
      verified: true,
      locale: o.locale,
    });
    await recordAudit(q, { type: 'person.created', personId: created, meta: o.meta, data: { role: 'admin', via: 'setup' } });
    return created;
  });
  return presentPerson((await peopleRepository.get(db, id))!);
}
