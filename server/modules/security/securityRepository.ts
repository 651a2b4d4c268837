import type { Queryable } from '../../db/client.ts';

export type OtpPurpose = 'support_code' | 'support_app' | 'two_factor';
export interface OtpRow {
  person_id: number;
  purpose: OtpPurpose;
  secret_enc: string | null;
  enabled_at: Date | null;
  pending_enc: string | null;
  pending_created_at: Date | null;
  last_used_step: number | null;
}
export interface VerificationRow {
  ticket_id: number;
  person_id: number;
  verified_by: number | null;
  verified_by_name: string | null;
  method: 'support_code' | 'authenticator_app';
  verified_at: Date;
  expires_at: Date;
}
export interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}
export interface VerifyTicketRow {
  id: number;
  requester_id: number;
  organization_id: number | null;
  group_id: number | null;
  assignee_id: number | null;
  category: string | null;
  fields: Record<string, unknown>;
  requester_locale: string;
}

const OTP_COLUMNS = 'person_id, purpose, secret_enc, enabled_at, pending_enc, pending_created_at, last_used_step';

/** The security area's SQL: settings, OTP secrets, recovery codes, verifications and throttles. */
/** Each of the tickets `$1`'s latest verification of its requester still valid at `$2`. */
const ACTIVE_VERIFICATIONS = `select distinct on (v.ticket_id) v.ticket_id, v.person_id, v.verified_by, v.method, v.verified_at, v.expires_at
    from ticket_verifications v join tickets t on t.id = v.ticket_id and t.requester_id = v.person_id
   where v.ticket_id = any($1::bigint[]) and v.expires_at > $2
   order by v.ticket_id, v.expires_at desc`;

export const securityRepository = {
  async getSetting<T>(q: Queryable, key: string): Promise<T | null> {
    const rows = await q.query<{ value: T }>(`select value from settings where key = $1`, [key]);
    return rows[0]?.value ?? null;
  },
  async getSettings(q: Queryable, prefix: string): Promise<Record<string, unknown>> {
    const rows = await q.query<{ key: string; value: unknown }>(`select key, value from settings where key like $1`, [`${prefix}%`]);
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  },
  async insertSettingIfAbsent(q: Queryable, key: string, value: unknown) {
    await q.query(`insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do nothing`, [key, JSON.stringify(value)]);
  },
  async putSetting(q: Queryable, key: string, value: unknown) {
    await q.query(
      `insert into settings (key, value) values ($1, $2::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  },

  async otp(q: Queryable, personId: number, purpose: OtpPurpose): Promise<OtpRow | null> {
    const rows = await q.query<OtpRow>(`select ${OTP_COLUMNS} from otp_secrets where person_id = $1 and purpose = $2`, [personId, purpose]);
    return rows[0] ?? null;
  },
  async otps(q: Queryable, personId: number): Promise<OtpRow[]> {
    return q.query<OtpRow>(`select ${OTP_COLUMNS} from otp_secrets where person_id = $1 order by purpose`, [personId]);
  },
  /** The portal's support-code secret is made on first use; a concurrent first use keeps the first one. */
  async insertActiveIfAbsent(q: Queryable, personId: number, purpose: OtpPurpose, sealed: string, now: Date) {
    await q.query(`insert into otp_secrets (person_id, purpose, secret_enc, enabled_at) values ($1, $2, $3, $4) on conflict do nothing`, [
      personId,
      purpose,
      sealed,
      now,
    ]);
  },
  async setPending(q: Queryable, personId: number, purpose: OtpPurpose, sealed: string, now: Date) {
    await q.query(
      `insert into otp_secrets (person_id, purpose, pending_enc, pending_created_at) values ($1, $2, $3, $4)
       on conflict (person_id, purpose) do update set pending_enc = excluded.pending_enc, pending_created_at = excluded.pending_created_at, updated_at = $4`,
      [personId, purpose, sealed, now],
    );
  },
  /** The confirmed pending secret becomes the active one; its confirming step counts as used. */
  async activatePending(q: Queryable, personId: number, purpose: OtpPurpose, sealed: string, step: number, now: Date): Promise<boolean> {
    const rows = await q.query(
      `update otp_secrets set secret_enc = $3, enabled_at = $5, pending_enc = null, pending_created_at = null, last_used_step = $4, updated_at = $5
        where person_id = $1 and purpose = $2 and pending_enc is not null returning 1`,
      [personId, purpose, sealed, step, now],
    );
    return rows.length > 0;
  },
  /** Records that `step` was used; false when it (or a later step) was used before: a replay. */
  async useStep(q: Queryable, personId: number, purpose: OtpPurpose, step: number): Promise<boolean> {
    const rows = await q.query(
      `update otp_secrets set last_used_step = $3 where person_id = $1 and purpose = $2 and (last_used_step is null or last_used_step < $3) returning 1`,
      [personId, purpose, step],
    );
    return rows.length > 0;
  },
  async deleteOtp(q: Queryable, personId: number, purpose: OtpPurpose): Promise<boolean> {
    return (await q.query(`delete from otp_secrets where person_id = $1 and purpose = $2 returning 1`, [personId, purpose])).length > 0;
  },

  async replaceRecoveryCodes(q: Queryable, personId: number, hashes: string[], now: Date) {
    await q.query(`delete from recovery_codes where person_id = $1`, [personId]);
    await q.query(`insert into recovery_codes (person_id, code_hash, created_at) select $1, h, $3 from unnest($2::text[]) as h`, [
      personId,
      hashes,
      now,
    ]);
  },
  async useRecoveryCode(q: Queryable, personId: number, hash: string, now: Date): Promise<boolean> {
    const rows = await q.query(
      `update recovery_codes set used_at = $3 where person_id = $1 and code_hash = $2 and used_at is null returning id`,
      [personId, hash, now],
    );
    return rows.length > 0;
  },
  async recoveryCodesLeft(q: Queryable, personId: number): Promise<number> {
    return (
      await q.query<{ n: number }>(`select count(*)::int as n from recovery_codes where person_id = $1 and used_at is null`, [personId])
    )[0].n;
  },
  async deleteRecoveryCodes(q: Queryable, personId: number) {
    await q.query(`delete from recovery_codes where person_id = $1`, [personId]);
  },

  async ticketForVerification(q: Queryable, id: number): Promise<VerifyTicketRow | null> {
    const rows = await q.query<VerifyTicketRow>(
      `select t.id, t.requester_id, t.organization_id, t.group_id, t.assignee_id, t.category, t.fields, p.locale as requester_locale from tickets t join people p on p.id = t.requester_id where t.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  },
  async insertVerification(
    q: Queryable,
    v: { ticketId: number; personId: number; verifiedBy: number | null; method: VerificationRow['method']; at: Date; until: Date },
  ) {
    await q.query(
      `insert into ticket_verifications (ticket_id, person_id, verified_by, method, verified_at, expires_at) values ($1, $2, $3, $4, $5, $6)`,
      [v.ticketId, v.personId, v.verifiedBy, v.method, v.at, v.until],
    );
  },
  /** The latest still-valid verification of each ticket's current requester. */
  async activeVerifications(q: Queryable, ticketIds: number[], now: Date): Promise<VerificationRow[]> {
    if (!ticketIds.length) return [];
    return q.query<VerificationRow>(
      `select v.*, p.name as verified_by_name from (${ACTIVE_VERIFICATIONS}) v left join people p on p.id = v.verified_by
        order by v.ticket_id`,
      [ticketIds, now],
    );
  },

  /**
   * What the ticket shield needs for a response, in one round trip: each ticket's active
   * verification of its requester (`activeVerifications`, the person and until when) and, marked
   * `unproven`, the tickets opened by a mail whose sender was not proven (`email_threads`,
   * threadRepository.unverifiedSender).
   */
  async shieldFacts(
    q: Queryable,
    ticketIds: number[],
    now: Date,
  ): Promise<Array<{ ticket_id: number; person_id: number | null; expires_at: Date | null; unproven: boolean }>> {
    if (!ticketIds.length) return [];
    return q.query(
      `select v.ticket_id, v.person_id, v.expires_at, false as unproven from (${ACTIVE_VERIFICATIONS}) v
       union all
       select ticket_id, null, null, true from email_threads where ticket_id = any($1::bigint[]) and sender_verified = false`,
      [ticketIds, now],
      { prepare: true },
    );
  },

  async throttleLockedUntil(q: Queryable, keys: string[], now: Date): Promise<Date | null> {
    const rows = await q.query<{ until: Date | null }>(
      `select max(locked_until) as until from security_throttles where key = any($1::text[]) and locked_until > $2`,
      [keys, now],
    );
    return rows[0]?.until ?? null;
  },
  /** Locks (creating if needed) the counter row; call inside a transaction. */
  async lockThrottle(q: Queryable, key: string, now: Date): Promise<ThrottleRow> {
    await q.query(`insert into security_throttles (key, failures, window_started_at) values ($1, 0, $2) on conflict (key) do nothing`, [
      key,
      now,
    ]);
    return (
      await q.query<ThrottleRow>(
        `select key, failures, window_started_at, locked_until from security_throttles where key = $1 for update`,
        [key],
      )
    )[0];
  },
  async saveThrottle(q: Queryable, r: ThrottleRow) {
    await q.query(`update security_throttles set failures = $2, window_started_at = $3, locked_until = $4 where key = $1`, [
      r.key,
      r.failures,
      r.window_started_at,
      r.locked_until,
    ]);
  },
  async clearThrottle(q: Queryable, key: string) {
    await q.query(`delete from security_throttles where key = $1`, [key]);
  },
  /** Forgets counters that can no longer matter (older than a day and not locked). */
  async pruneThrottles(q: Queryable, now: Date) {
    await q.query(`delete from security_throttles where window_started_at < $1 and (locked_until is null or locked_until < $1)`, [
      new Date(now.getTime() - 86_400_000),
    ]);
  },
};
