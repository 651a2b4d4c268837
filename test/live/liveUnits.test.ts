import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLOSE, LiveGateway, type LiveSocket } from '../../server/channels/live/gateway.ts';
import { liveMessageFor, type LiveEvent } from '../../server/channels/live/liveFilter.ts';
import { Presence, type PresenceAnnouncement, type Viewer } from '../../server/channels/live/presence.ts';
import type { Db } from '../../server/db/client.ts';
import type { Principal } from '../../server/modules/auth/principal.ts';

const agent: Principal = { kind: 'person', personId: 1, role: 'agent', organizationId: null, locale: 'en', via: 'token' };
const cust = (personId: number, organizationId: number | null): Principal => ({
  kind: 'person',
  personId,
  role: 'customer',
  organizationId,
  locale: 'en',
  via: 'token',
});
const limited: Principal = {
  kind: 'person',
  personId: 2,
  role: 'agent',
  organizationId: null,
  locale: 'en',
  via: 'session',
  ticketGroups: [5],
};
const ev = (o: Partial<LiveEvent>): LiveEvent => ({
  id: 7,
  ticket_id: 3,
  actor_id: 1,
  type: 'message.added',
  data: { message_id: 9, internal: false },
  created_at: new Date('2026-01-02T03:04:05Z'),
  organization_id: 10,
  requester_id: 20,
  group_id: null,
  assignee_id: null,
  ...o,
});

describe('liveMessageFor: who hears what of an event', () => {
  const cases: Array<[string, Principal, Partial<LiveEvent>, object | null]> = [
    [
      'staff: a public reply, with staff facts',
      agent,
      {},
      { event: 'message.added', id: 7, ticket_id: 3, at: '2026-01-02T03:04:05.000Z', message_id: 9, internal: false, actor_id: 1 },
    ],
    ['staff: an internal note', agent, { data: { message_id: 9, internal: true } }, { internal: true }],
    ['staff: an SLA breach', agent, { type: 'sla.breached', data: { target: 'first_response' } }, { event: 'sla.breached' }],
    [
      'customer of the organization: a public reply, ids only',
      cust(21, 10),
      {},
      { event: 'message.added', id: 7, ticket_id: 3, at: '2026-01-02T03:04:05.000Z', message_id: 9 },
    ],
    ['customer of the organization: an internal note', cust(21, 10), { data: { message_id: 9, internal: true } }, null],
    ['customer of another organization', cust(30, 11), {}, null],
    ['requester without an organization, own ticket', cust(20, null), { organization_id: null }, { message_id: 9 }],
    ["customer without an organization, someone else's ticket", cust(21, null), { organization_id: null }, null],
    ['customer: an SLA warning', cust(20, 10), { type: 'sla.warning', data: {} }, null],
    ['customer: verification events', cust(20, 10), { type: 'security.requester_verified', data: { method: 'otp' } }, null],
    ['customer: an event type added later', cust(20, 10), { type: 'ticket.something_new', data: {} }, null],
    [
      'customer: an update names the changed keys, no values',
      cust(20, 10),
      { type: 'ticket.updated', data: { changes: { fields: [{ a: 1 }, { a: 2 }], status: ['open', 'pending'] } } },
      { changed: ['fields', 'status'] },
    ],
    ['customer: a merge without the other ticket', cust(20, 10), { type: 'ticket.merged', data: { into: 99 } }, { event: 'ticket.merged' }],
    ['group-limited agent: a ticket of their group', limited, { group_id: 5 }, { event: 'message.added' }],
    ['group-limited agent: a ticket assigned to them', limited, { group_id: 6, assignee_id: 2 }, { event: 'message.added' }],
    ['group-limited agent: a ticket of another group', limited, { group_id: 6 }, null],
    ['group-limited agent: a ticket with no group', limited, {}, null],
    [
      'group-limited agent: the change that moved a ticket out of their group',
      limited,
      { group_id: 6, type: 'ticket.updated', data: { changes: { group_id: [5, 6] } } },
      { event: 'ticket.updated', changed: ['group_id'] },
    ],
    [
      'group-limited agent: a later change of a ticket moved away',
      limited,
      { group_id: 6, type: 'ticket.updated', data: { changes: { group_id: [6, 7] } } },
      null,
    ],
    [
      'group-limited agent: a ticket unassigned from them outside their groups',
      limited,
      { group_id: 6, type: 'ticket.updated', data: { changes: { assignee_id: [2, null] } } },
      { event: 'ticket.updated' },
    ],
  ];
  for (const [name, who, e, want] of cases)
    it(name, () => {
      const m = liveMessageFor(who, ev(e));
      if (want === null) expect(m).toBeNull();
      else expect(m).toMatchObject(want);
      if (m && who.role === 'customer') {
        expect(m).not.toHaveProperty('internal');
        expect(m).not.toHaveProperty('actor_id');
        expect(m).not.toHaveProperty('into');
        expect(JSON.stringify(m)).not.toMatch(/"a":/);
      }
    });
});

describe('presence (time is a parameter)', () => {
  const setup = () => {
    const announced: PresenceAnnouncement[] = [];
    const pushed: Array<[number, Viewer[]]> = [];
    const p = new Presence({
      instance: 'me',
      viewTtlMs: 60_000,
      typingTtlMs: 6_000,
      remoteTtlMs: 30_000,
      announce: (a) => announced.push(a),
      changed: (t, v) => pushed.push([t, v]),
    });
    return { p, announced, pushed };
  };
  const ann = { id: 1, name: 'Ann' };
  const bo = { id: 2, name: 'Bo' };

  it('a quiet viewer expires after viewTtlMs; a repeated `viewing` keeps them', () => {
    const { p } = setup();
    p.view('c1', 5, ann, 0);
    p.view('c2', 5, bo, 0);
    p.view('c1', 5, ann, 50_000);
    p.tick(61_000);
    expect(p.viewersOf(5, 61_000).map((v) => v.id)).toEqual([1]);
    p.tick(111_000);
    expect(p.viewersOf(5, 111_000)).toEqual([]);
  });

  it('typing ends typingTtlMs after the last `typing`; two tabs of one person are one viewer', () => {
    const { p, pushed } = setup();
    p.view('c1', 5, ann, 0);
    p.view('c1b', 5, ann, 0);
    p.typing('c1b', 5, ann, 1000);
    expect(p.viewersOf(5, 1000)).toEqual([{ id: 1, name: 'Ann', typing: true }]);
    p.tick(7_500);
    expect(p.viewersOf(5, 7_500)).toEqual([{ id: 1, name: 'Ann', typing: false }]);
    expect(pushed.at(-1)).toEqual([5, [{ id: 1, name: 'Ann', typing: false }]]);
  });

  it('`sent` ends typing at once and is announced; the sender still views the ticket', () => {
    const { p, pushed } = setup();
    p.view('c1', 5, ann, 0);
    p.typing('c1', 5, ann, 1000);
    expect(p.viewersOf(5, 1500)).toEqual([{ id: 1, name: 'Ann', typing: true }]);
    p.sent('c1', 5, ann, 2000);
    expect(p.viewersOf(5, 2000)).toEqual([{ id: 1, name: 'Ann', typing: false }]);
    expect(pushed.at(-1)).toEqual([5, [{ id: 1, name: 'Ann', typing: false }]]);
    // Sent again without typing in between: nothing to tell.
    const n = pushed.length;
    p.sent('c1', 5, ann, 2500);
    expect(pushed.length).toBe(n);
  });

  it('other instances: announced viewers merge in, are repeated while present, and are forgotten when an instance goes silent', () => {
    const { p, announced } = setup();
    p.view('c1', 5, ann, 0);
    expect(announced.at(-1)).toEqual({ inst: 'me', ticket_id: 5, viewers: [{ id: 1, name: 'Ann', typing: false }] });
    p.heard({ inst: 'other', ticket_id: 5, viewers: [{ id: 2, name: 'Bo', typing: true }] }, 0);
    p.heard({ inst: 'me', ticket_id: 5, viewers: [] }, 0); // our own echo changes nothing
    expect(p.viewersOf(5, 1).map((v) => v.id)).toEqual([1, 2]);
    const before = announced.length;
    p.view('c1', 5, ann, 10_000);
    p.tick(10_001);
    expect(announced.length).toBe(before + 1); // repeated every remoteTtlMs / 3
    p.tick(30_001);
    expect(p.viewersOf(5, 30_001).map((v) => v.id)).toEqual([1]);
    p.leave('c1', 31_000);
    expect(announced.at(-1)).toEqual({ inst: 'me', ticket_id: 5, viewers: [] });
  });
});

class FakeSocket extends EventEmitter implements LiveSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: any[] = [];
  pings = 0;
  closedWith: [number?, string?] | null = null;
  terminated = false;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  ping() {
    this.pings++;
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
    this.readyState = 3;
    this.emit('close');
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
}

/** A Db that answers the gateway's few queries from memory and lets the test fire notifications. */
function fakeDb(events: LiveEvent[]) {
  const handlers = new Map<string, (p: string) => void>();
  const db = {
    kind: 'pglite',
    query: async (text: string, params?: unknown[]) => {
      if (text.includes('max(id)')) return [{ id: events.length ? Math.max(...events.map((e) => e.id)) : 0 }];
      if (text.includes('any($1::bigint[])') && text.includes('ticket_events'))
        return events.filter((e) => (params![0] as number[]).includes(e.id));
      if (text.includes('from people')) return [{ id: 1, name: 'Ann' }];
      return [];
    },
    tx: async () => {
      throw new Error('no');
    },
    close: async () => {},
    listen: async (channel: string, h: (p: string) => void) => {
      handlers.set(channel, h);
      return async () => {
        handlers.delete(channel);
      };
    },
  } as unknown as Db;
  return { db, notify: (channel: string, payload: object) => handlers.get(channel)?.(JSON.stringify(payload)) };
}

const log = { error: () => {}, warn: () => {} };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gateway with fake sockets', () => {
  it('back-pressure: a socket over the bound gets nothing more, then `reload` once it drains; cut if it never does', async () => {
    const e = ev({ id: 1 });
    const { db, notify } = fakeDb([e]);
    const g = new LiveGateway(db, log, { maxBufferedBytes: 1000, slowGraceMs: 300, typingTtlMs: 100 });
    const slow = new FakeSocket();
    const stuck = new FakeSocket();
    const fine = new FakeSocket();
    for (const s of [slow, stuck, fine]) await g.accept(s, { principal: agent });
    slow.bufferedAmount = 5000;
    stuck.bufferedAmount = 5000;
    notify('kefu_events', { id: 1 });
    notify('kefu_events', { id: 1 });
    await wait(20);
    expect(fine.sent.filter((m) => m.event === 'message.added')).toHaveLength(1);
    expect(slow.sent.filter((m) => m.event === 'message.added')).toHaveLength(0);
    slow.bufferedAmount = 0;
    await wait(150);
    expect(slow.sent.at(-1)).toMatchObject({ event: 'reload', reason: 'too_slow' });
    await wait(500);
    expect(stuck.terminated).toBe(true);
    expect(g.connectionCount).toBe(2);
    await g.stop();
    expect(fine.closedWith?.[0]).toBe(CLOSE.goingAway);
  });

  it('heartbeat: pings, and cuts a socket that did not answer the last ping', async () => {
    const { db } = fakeDb([]);
    const g = new LiveGateway(db, log, { heartbeatMs: 50 });
    const answers = new FakeSocket();
    const silent = new FakeSocket();
    await g.accept(answers, { principal: agent });
    await g.accept(silent, { principal: agent });
    const pong = setInterval(() => answers.emit('pong'), 10);
    await wait(200);
    clearInterval(pong);
    expect(answers.pings).toBeGreaterThan(1);
    expect(answers.terminated).toBe(false);
    expect(silent.terminated).toBe(true);
    await g.stop();
  });

  it('a connection whose session ended is closed with 4401 at the next heartbeat', async () => {
    const { db } = fakeDb([]); // knows no session: authenticate answers null
    const g = new LiveGateway(db, log, { heartbeatMs: 30 });
    const s = new FakeSocket();
    await g.accept(s, { principal: { ...agent, via: 'session' }, credential: { sessionToken: 'ended-session-token' } });
    setInterval(() => s.emit('pong'), 5).unref();
    await wait(150);
    expect(s.closedWith).toEqual([CLOSE.signedOut, 'signed out']);
    await g.stop();
  });

  it('too many client messages close the connection', async () => {
    const { db } = fakeDb([]);
    const g = new LiveGateway(db, log, { maxMessagesPer10s: 5 });
    const s = new FakeSocket();
    await g.accept(s, { principal: agent });
    for (let i = 0; i < 6; i++) s.emit('message', Buffer.from('{"type":"ping"}'), false);
    expect(s.closedWith?.[0]).toBe(CLOSE.badMessages);
    await g.stop();
  });
});
