import type { Db } from '../../db/client.ts';
import { conflict, text, unprocessable } from '../../errors.ts';
import { authRepository } from '../auth/authRepository.ts';
import { issueOneTimeToken } from '../auth/oneTimeTokens.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import type { MailIdentity } from '../email/queueEmail.ts';
import { recordAudit, type RequestMeta } from '../security/audit.ts';
import { INVITATION_DAYS, invitationLink, queueInvitation } from './invitationEmail.ts';
import { peopleRepository } from './peopleRepository.ts';
import { assertMayManageAccount } from './personPolicy.ts';

/**
 * Issues a fresh invitation link for someone who has no password yet and mails it to their primary
 * address; their older invitation and reset links stop working (one link per person). The link is
 * answered to admins only — without SMTP the mail waits in the outbox and the admin passes it on;
 * an agent re-inviting a customer gets `invitation_url: null` and the mail goes out as usual.
 * Refused (409) when the person already has a password (send a reset link) or is deactivated.
 */
export async function resendInvitation(db: Db, opts: { actor: Principal; id: number; identity: MailIdentity; meta?: RequestMeta }) {
  const { actor, id } = opts;
  const person = await peopleRepository.get(db, id);
  assertMayManageAccount(actor, person, id);
  if (!person.active) throw conflict(text('people.errors.invite_deactivated'), { reason: 'deactivated' });
  if (person.has_password) throw conflict(text('people.errors.invite_accepted'), { reason: 'accepted' });
  return db.tx(async (q) => {
    const primary = await authRepository.emailRow(q, id, {});
    if (!primary) throw unprocessable(text('people.errors.invite_no_email'), { field: 'email' });
    const email = primary.email.toLowerCase();
    const token = await issueOneTimeToken(q, {
      purpose: 'invite',
      personId: id,
      hours: 24 * INVITATION_DAYS,
      data: { email, email_id: primary.id },
    });
    await queueInvitation(q, { person, email, token, identity: opts.identity, resent: true });
    await recordAudit(q, { type: 'person.invitation_sent', personId: id, actorId: actor.personId, meta: opts.meta, data: { email } });
    const expires = await q.query<{ expires_at: Date }>(
      `select max(expires_at) as expires_at from one_time_tokens where person_id = $1 and purpose = 'invite' and used_at is null`,
      [id],
    );
    return {
      person_id: id,
      email,
      expires_at: expires[0]?.expires_at ?? null,
      invitation_url: isAdmin(actor) ? invitationLink(opts.identity, token, person.locale) : null,
    };
  });
}
