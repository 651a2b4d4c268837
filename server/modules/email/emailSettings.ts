import type { Queryable } from '../../db/client.ts';

/** What happens when a requester writes to a solved ticket ('reopen' it, or open a 'follow_up'). Closed tickets always get a follow-up. */
export type SolvedReplyPolicy = 'reopen' | 'follow_up';

export interface SmtpSetting {
  url: string | null;
  from_name?: string | null;
}

const KEYS = {
  smtp: 'email.smtp',
  solvedReply: 'email.solved_reply',
  trustedAuthservIds: 'email.trusted_authserv_ids',
  timeZone: 'email.time_zone',
} as const;

async function read<T>(q: Queryable, key: string): Promise<T | null> {
  return (await q.query<{ value: T }>(`select value from settings where key = $1`, [key]))[0]?.value ?? null;
}

async function write(q: Queryable, key: string, value: unknown) {
  await q.query(
    `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

export const emailSettings = {
  smtp: (q: Queryable) => read<SmtpSetting>(q, KEYS.smtp),
  setSmtp: (q: Queryable, v: SmtpSetting) => write(q, KEYS.smtp, v),
  async solvedReply(q: Queryable): Promise<SolvedReplyPolicy> {
    return (await read<SolvedReplyPolicy>(q, KEYS.solvedReply)) === 'follow_up' ? 'follow_up' : 'reopen';
  },
  setSolvedReply: (q: Queryable, v: SolvedReplyPolicy) => write(q, KEYS.solvedReply, v),
  /** authserv-ids whose Authentication-Results count (the setting wins over KEFU_TRUSTED_AUTHSERV_IDS). */
  async trustedAuthservIds(q: Queryable, fallback: string[]): Promise<string[]> {
    const v = await read<unknown>(q, KEYS.trustedAuthservIds);
    return Array.isArray(v)
      ? v
          .filter((x): x is string => typeof x === 'string')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean)
      : fallback;
  },
  setTrustedAuthservIds: (q: Queryable, v: string[]) => write(q, KEYS.trustedAuthservIds, v),
  /** The desk's time zone (IANA name): times in mail to a requester without a zone, when the SLA calendar names none. */
  async timeZone(q: Queryable): Promise<string | null> {
    const v = await read<unknown>(q, KEYS.timeZone);
    return typeof v === 'string' && v ? v : null;
  },
  setTimeZone: (q: Queryable, v: string | null) =>
    v ? write(q, KEYS.timeZone, v) : q.query(`delete from settings where key = $1`, [KEYS.timeZone]).then(() => undefined),
};
