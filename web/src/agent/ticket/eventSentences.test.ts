import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { TICKET_EVENTS } from '../../../../server/domain/tickets/events.ts';
import { EVENT_TYPES, describeEvent } from './eventSentences.ts';

/** Every event type the server records: its one typed list. */
const serverEventTypes = () => new Set<string>(TICKET_EVENTS);

async function translator(lng: 'en' | 'zh-CN') {
  const i = i18next.createInstance();
  await i.init({
    lng,
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
    returnNull: false,
  });
  return (k: string, o?: Record<string, unknown>) => i.t(k, o as never) as unknown as string;
}

/** A realistic payload of each type, as the server records it. */
const SAMPLES: Record<(typeof EVENT_TYPES)[number], Array<Record<string, unknown>>> = {
  'ticket.created': [{ priority: 'P2', channel: 'email' }],
  'message.added': [
    { internal: false, author_role: 'customer' },
    { internal: true },
    { internal: false, author_role: 'staff', status: ['open', 'pending'] },
    { internal: false, author_role: 'system' },
  ],
  'ticket.updated': [
    { changes: { status: ['open', 'pending'], priority: ['P3', 'P2'] } },
    { changes: { status: ['solved', 'closed'] }, rule: 'auto_close' },
    { changes: { status: ['pending', 'solved'] }, rule: 'pending_solve' },
    { changes: { status: ['on_hold', 'open'], snoozed_until: ['2026-12-03T10:00:00Z', null] }, rule: 'snooze_ended' },
    { changes: { status: ['open', 'on_hold'], snoozed_until: [null, '2026-12-03T10:00:00Z'] } },
  ],
  'ticket.merged': [
    { into: 5, into_number: 1005 },
    { from: 6, from_number: 1006 },
  ],
  'ticket.split': [
    { message_id: 4, into: 9, into_number: 1009 },
    { message_id: 4, from: 8, from_number: 1008 },
  ],
  'ticket.linked': [
    { other_id: 3, kind: 'parent', other_number: 1003 },
    { other_id: 3, kind: 'child', other_number: 1003 },
    { other_id: 3, kind: 'related', other_number: 1003 },
  ],
  'ticket.unlinked': [{ other_id: 3, kind: 'related', other_number: 1003 }],
  'ticket.reminded': [{ pending_since: '2026-12-01T10:00:00Z', after_days: 2 }],
  'sla.warning': [{ metric: 'first_response', due_at: '2026-12-03T10:00:00Z', kind: 'sla', policy: 'Enterprise SLA' }],
  'sla.breached': [{ metric: 'next_response', due_at: '2026-12-03T10:00:00Z', kind: 'slo', policy: 'Business SLO' }],
  'incident.consumed': [
    { automatic: true, balance: 2, reason: 'plan_without_human_support' },
    { automatic: false, balance: 0, reason: 'charged_by_agent' },
  ],
  'email.failed': [
    { status: 'failed', to: ['ann@example.com'] },
    { status: 'bounced', to: ['ann@example.com'] },
  ],
  'security.requester_verified': [
    { method: 'support_code', verified_until: '2026-12-03T11:00:00Z' },
    { method: 'authenticator_app', verified_until: '2026-12-03T11:00:00Z' },
  ],
  'security.verification_failed': [
    { reason: 'invalid', failures: 2 },
    { reason: 'replayed', failures: 3 },
  ],
  'security.verification_locked': [{ locked_until: '2026-12-03T11:15:00Z', message_id: 9 }],
  'requester.merged': [{ from: 7, into: 3, from_name: 'Ann (mail)', into_name: 'Ann Lee' }],
  'ticket.status_incident_linked': [{ incident_id: 4, title: 'API errors in Shanghai' }],
  'ticket.status_incident_unlinked': [{ incident_id: 4 }],
  'satisfaction.rated': [
    { score: 2, comment: 'Took a week', previous: null, via: 'link' },
    { score: 5, comment: null, previous: 2, via: 'portal' },
  ],
};

describe('ticket history in words', () => {
  it('knows every event type the server records, and no type it does not', () => {
    const server = serverEventTypes();
    expect(server.size).toBeGreaterThanOrEqual(10);
    expect([...server].sort()).toEqual([...EVENT_TYPES].sort());
  });

  for (const lng of ['en', 'zh-CN'] as const) {
    it(`every known type reads as a sentence in ${lng}, never as its raw key`, async () => {
      const t = await translator(lng);
      const other = t('events.other', { type: '' });
      for (const type of EVENT_TYPES) {
        for (const data of SAMPLES[type]) {
          const lines = describeEvent({ type, data }, { t, value: (_f, v) => String(v), dateTime: (v) => `«${v}»` });
          expect(lines.length, type).toBeGreaterThan(0);
          for (const line of lines) {
            expect(line, type).not.toContain(type);
            expect(line, type).not.toMatch(/\bevents\.|\{|\}|undefined|\?$/);
            expect(line.startsWith(other.replace(/（）|\(\)/, '').trim()), `${type} fell back to the generic sentence`).toBe(false);
            if (lng === 'zh-CN') expect(line, type).toMatch(/[\u4e00-\u9fff]/);
          }
        }
      }
    });
  }

  it('says what happened, with the details a reader needs', async () => {
    const en = await translator('en');
    const zh = await translator('zh-CN');
    const w = (t: typeof en) => ({ t, value: (_f: string, v: unknown) => String(v), dateTime: () => '3 Dec 10:00' });
    expect(describeEvent({ type: 'security.requester_verified', data: { method: 'support_code', verified_until: 'x' } }, w(en))).toEqual([
      'Verified the requester with their support code; verified until 3 Dec 10:00',
    ]);
    expect(describeEvent({ type: 'incident.consumed', data: { automatic: false, balance: 4 } }, w(zh))).toEqual([
      '将此工单计入一次付费工单；剩余 4 次',
    ]);
    expect(
      describeEvent({ type: 'sla.breached', data: { metric: 'first_response', policy: 'Enterprise SLA', due_at: 'x' } }, w(en))[0],
    ).toBe('The first response target of Enterprise SLA was missed: it was due 3 Dec 10:00');
  });
});
