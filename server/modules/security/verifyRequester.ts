import type { Db, Queryable } from '../../db/client.ts';
import { AppError, forbidden, notFound, text } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { addSystemMessage } from '../tickets/addSystemMessage.ts';
import { changeTicket } from '../tickets/ticketPipeline.ts';
import { recordAudit, type RequestMeta } from './audit.ts';
import { useActiveCode } from './otpSecrets.ts';
import { keyring } from './secretBox.ts';
import { securityRepository, type VerifyTicketRow } from './securityRepository.ts';
import { refreshSecuritySettings } from './securitySettings.ts';
import { ticketPolicy } from '../tickets/ticketPolicy.ts';
import { clearFailures, lockedUntil, recordFailure, secondsUntil, THROTTLES, throttleKeys } from './throttle.ts';

export type VerificationMethod = 'support_code' | 'authenticator_app';

/** 429 with the seconds left in the details and the message. */
export function verificationLocked(locale: string, until: Date, now: Date) {
  const seconds = secondsUntil(until, now);
  return new AppError('rate_limited', t(locale, 'security.verification.locked', { seconds, minutes: Math.ceil(seconds / 60) }), {
    retry_after_seconds: seconds,
    locked_until: until.toISOString(),
  });
}

/**
 * "Verify requester": an agent types the code the requester reads out (the portal's rotating
 * support code or their authenticator app). A valid code (current or previous 30 s step, never one
 * already used) verifies the requester on this ticket for `verification_minutes`. Wrong codes are
 * counted per requester: after 5, verification locks for 15 minutes and the requester is told on
 * the ticket. Chat and phone conversations are tickets too, so this takes a ticket id.
 */
export async function verifyRequester(db: Db, opts: { actor: Principal; ticketId: number; code: string; meta?: RequestMeta; now?: Date }) {
  const { actor, ticketId, meta } = opts;
  if (!isStaff(actor)) throw forbidden(text('security.errors.verify_staff_only'));
  const now = opts.now ?? new Date();
  const ticket = await securityRepository.ticketForVerification(db, ticketId);
  if (!ticket || !ticketPolicy.canSee(actor, ticket)) throw notFound('Ticket', ticketId);
  const personId = ticket.requester_id;
  const key = throttleKeys.verification(personId);
  const audit = { personId, actorId: actor.personId, ticketId, meta, at: now };

  const until = await lockedUntil(db, [key], now);
  if (until) {
    await recordAudit(db, { ...audit, type: 'verification.refused_locked' });
    throw verificationLocked(actor.locale, until, now);
  }
  const settings = await refreshSecuritySettings(db);
  const ring = await keyring(db);
  const secrets = (await securityRepository.otps(db, personId)).filter((r) => r.secret_enc && r.purpose !== 'two_factor');

  const result = await db.tx(async (q) => {
    // The requester's counter is locked before any code is checked: attempts sent at once wait here one
    // after another and see each other's failures, so no more than the limit are ever checked.
    const held = await securityRepository.lockThrottle(q, key, now);
    if (held.locked_until && held.locked_until > now) return { ok: false as const, refused: held.locked_until };
    let replayed = false;
    for (const row of secrets) {
      const r = await useActiveCode(q, ring, row, opts.code, now);
      if (r.ok) {
        const method: VerificationMethod = row.purpose === 'support_app' ? 'authenticator_app' : 'support_code';
        const verifiedUntil = new Date(now.getTime() + settings.verification_minutes * 60_000);
        await securityRepository.insertVerification(q, {
          ticketId,
          personId,
          verifiedBy: actor.personId,
          method,
          at: now,
          until: verifiedUntil,
        });
        await clearFailures(q, key);
        await changeTicket(q, {
          ticketId,
          actorId: actor.personId,
          apply: () => ({
            at: now,
            result: null,
            events: [{ type: 'security.requester_verified', data: { method, verified_until: verifiedUntil.toISOString() } }],
          }),
        });
        await recordAudit(q, { ...audit, type: 'verification.succeeded', data: { method } });
        return { ok: true as const, method, verifiedUntil };
      }
      if (r.reason === 'replayed') replayed = true;
    }
    const reason = replayed ? 'replayed' : 'invalid';
    const f = await recordFailure(q, key, THROTTLES.verification, now);
    await changeTicket(q, {
      ticketId,
      actorId: actor.personId,
      apply: () => ({ at: now, result: null, events: [{ type: 'security.verification_failed', data: { reason, failures: f.failures } }] }),
    });
    await recordAudit(q, { ...audit, type: 'verification.failed', data: { reason, failures: f.failures } });
    if (f.lockedUntil) await lockAndTell(q, { ticket, actor, lockedUntil: f.lockedUntil, meta, now });
    return { ok: false as const, reason, failures: f.failures, lockedUntil: f.lockedUntil };
  });

  if (result.ok) {
    return {
      verified: true,
      method: result.method,
      verified_until: result.verifiedUntil.toISOString(),
      verified_by: actor.personId,
      verified_at: now.toISOString(),
    };
  }
  if (result.refused) {
    await recordAudit(db, { ...audit, type: 'verification.refused_locked' });
    throw verificationLocked(actor.locale, result.refused, now);
  }
  if (result.lockedUntil) throw verificationLocked(actor.locale, result.lockedUntil, now);
  const left = THROTTLES.verification.max - result.failures;
  throw new AppError(
    'unprocessable',
    t(actor.locale, result.reason === 'replayed' ? 'security.verification.replayed' : 'security.verification.wrong_code', { left }),
    { field: 'code', reason: result.reason, attempts_left: left },
  );
}

/** Records the lock and tells the requester with a public message on the ticket (a system `message.added`, live in the portal). */
async function lockAndTell(
  q: Queryable,
  o: { ticket: VerifyTicketRow; actor: Principal; lockedUntil: Date; meta?: RequestMeta; now: Date },
) {
  const { ticket, now } = o;
  const minutes = Math.round(THROTTLES.verification.lockMs / 60_000);
  await addSystemMessage(q, {
    ticketId: ticket.id,
    actorId: o.actor.personId,
    internal: false,
    channel: 'web',
    at: now,
    text: t(ticket.requester_locale, 'security.verification.locked_notice', { minutes }),
    events: (messageId) => [
      { type: 'security.verification_locked', data: { locked_until: o.lockedUntil.toISOString(), message_id: messageId } },
    ],
  });
  await recordAudit(q, {
    type: 'verification.locked',
    personId: ticket.requester_id,
    actorId: o.actor.personId,
    ticketId: ticket.id,
    meta: o.meta,
    at: now,
    data: { locked_until: o.lockedUntil.toISOString() },
  });
}
