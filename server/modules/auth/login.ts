import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { presentPerson, type PersonJson } from '../people/personPresenter.ts';
import { authRepository } from './authRepository.ts';
import { verifyPassword } from './passwords.ts';
import { newSecret } from './secrets.ts';

export interface LoginResult { token: string; person: PersonJson; expiresAt: Date }

/** Checks the password and opens a session. The same message for unknown email and wrong password. */
export async function login(db: Db, opts: { email: string; password: string; ip?: string; userAgent?: string; sessionDays: number }): Promise<LoginResult> {
  const person = await authRepository.findPersonByEmail(db, opts.email);
  const ok = await verifyPassword(opts.password, person?.password_hash ?? null);
  if (!person || !ok || !person.active) throw new AppError('invalid_credentials', 'The email address or password is not correct');
  const { token, hash } = newSecret('kfs');
  const s = await authRepository.insertSession(db, { hash, personId: person.id, ip: opts.ip, userAgent: opts.userAgent, days: opts.sessionDays });
  return { token, person: presentPerson((await peopleRepository.get(db, person.id))!), expiresAt: s.expires_at };
}
