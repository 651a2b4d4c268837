import type { Queryable } from '../../db/client.ts';
import { auditRepository } from './auditRepository.ts';

/** Every security event type, in one list. Entries never carry secrets, codes, passwords or tokens. */
export const AUDIT_TYPES = [
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.signup',
  'auth.signup_existing',
  'auth.email_verified',
  'auth.password_changed',
  'session.revoked',
  'session.revoked_all',
  'token.created',
  'token.revoked',
  'two_factor.enrolment_started',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.reset',
  'two_factor.recovery_code_used',
  'two_factor.recovery_codes_regenerated',
  'two_factor.code_rejected',
  'support_app.enrolment_started',
  'support_app.enabled',
  'support_app.removed',
  'verification.succeeded',
  'verification.failed',
  'verification.locked',
  'verification.refused_locked',
  'security.settings_changed',
  'email.settings_changed',
  'mailbox.created',
  'mailbox.changed',
  'mailbox.deleted',
  'webhook.created',
  'webhook.changed',
  'webhook.deleted',
  'group.deleted',
  'person.created',
  'person.role_changed',
  'person.deactivated',
  'person.reactivated',
  'person.ticket_access_changed',
  'person.groups_changed',
  'person.invitation_sent',
  'person.password_reset_sent',
  'person.unlocked',
  'person.merged',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** Where a request came from; routes pass it down to use cases for the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
  /** The API token the request came with, if any (the audit log says so). */
  tokenId?: number | null;
}

export interface AuditEntry {
  type: AuditType;
  /** The person the event is about (whose account, whose sign-in). */
  personId?: number | null;
  /** Who did it, when someone else than `personId` (an admin, an agent). */
  actorId?: number | null;
  ticketId?: number | null;
  meta?: RequestMeta;
  data?: Record<string, unknown>;
  at?: Date;
}

/** Appends to the audit log in the caller's transaction. */
export async function recordAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await auditRepository.insert(q, {
    type: e.type,
    person_id: e.personId ?? null,
    actor_id: e.actorId ?? null,
    ticket_id: e.ticketId ?? null,
    ip: e.meta?.ip ?? null,
    user_agent: e.meta?.userAgent?.slice(0, 500) ?? null,
    token_id: e.meta?.tokenId ?? null,
    data: e.data ?? {},
    created_at: e.at ?? null,
  });
}
