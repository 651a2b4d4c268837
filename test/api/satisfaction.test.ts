import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinition } from '../../server/jobs/registry.ts';
import { totpAt } from '../../server/modules/security/totp.ts';
import { ratingKeyring, signRatingToken, TOKEN_DAYS } from '../../server/modules/satisfaction/satisfactionToken.ts';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Customer satisfaction (docs/satisfaction.md): the requester rates a solved ticket in the portal
 * or through the signed link of the solved mail; opening the link records nothing; a low score
 * notifies the ticket's group; the report counts exactly what was given.
 */
let k: TestKefu;
type Who = { id: number; c: Caller };
let alice: Who; // agent, in Support
let bob: Who; // agent, in Support
let carol: Who; // agent, in no group
let lin: Who; // agent limited to Billing
let cust: Who; // customer of Acme, the requester
let colleague: Who; // customer of Acme, not the requester
let stranger: Who; // customer of Other
let support: number;
let billing: number;

const log = { info() {}, error() {} };
/** Runs the queued jobs of one processor (the worker is off in tests), each `times` times. */
async function run(name: string, times = 1) {
  const jobs = await k.db.query<{ id: number; payload: Record<string, unknown> }>(
    `update jobs set status = 'done', finished_at = now() where name = $1 and status = 'queued' returning id, payload`,
    [name],
  );
  for (const j of jobs.sort((a, b) => a.id - b.id))
    for (let i = 0; i < times; i++) await jobDefinition(name)!.handler(j.payload, { db: k.db, now: () => new Date(), log });
  return jobs.length;
}

async function person(name: string, email: string, role: 'agent' | 'customer', extra: Record<string, unknown> = {}): Promise<Who> {
  const r = await k.admin.post('/api/v1/people', { name, email, role, password: 'Rate-pass-123', ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id as number, c: await k.signIn(email, 'Rate-pass-123') };
}

/** A ticket of `cust` (or another requester), solved unless told otherwise. */
async function ticket(
  o: { subject?: string; group_id?: number; assignee_id?: number; priority?: string; requester?: number; solve?: boolean } = {},
) {
  const r = await k.admin.post('/api/v1/tickets', {
    subject: o.subject ?? 'Printer on fire',
    body: 'It smokes.',
    requester_id: o.requester ?? cust.id,
    override_entitlement: true,
    ...(o.group_id ? { group_id: o.group_id } : {}),
    ...(o.assignee_id ? { assignee_id: o.assignee_id } : {}),
    ...(o.priority ? { priority: o.priority } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  if (o.solve !== false) expect((await k.admin.patch(`/api/v1/tickets/${r.body.id}`, { status: 'solved' })).status).toBe(200);
  return { id: r.body.id as number, number: r.body.number as number };
}
const rate = (c: Caller, id: number, body: unknown) => c.post(`/api/v1/tickets/${id}/satisfaction`, body);
const ratingRows = async (ticketId: number) =>
  k.db.query<{ score: number; comment: string | null }>(`select score, comment from satisfaction_ratings where ticket_id = $1`, [ticketId]);
const events = async (ticketId: number) =>
  (
    await k.db.query<{ type: string; data: Record<string, unknown> }>(
      `select type, data from ticket_events where ticket_id = $1 order by id`,
      [ticketId],
    )
  )
    .filter((e) => e.type === 'satisfaction.rated')
    .map((e) => e.data);
const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  k.kefu.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });
const page = (url: string, headers: Record<string, string> = {}) => k.kefu.app.inject({ method: 'GET', url, headers });

/** The solved mail in the outbox for a ticket (after running the mail processor). */
async function solvedMail(ticketId: number) {
  await run('email.notify');
  const mails = (await k.admin.get(`/api/v1/outbox?ticket_id=${ticketId}`)).body.data as Array<{
    kind: string;
    text: string;
    html: string;
  }>;
  return mails.filter((m) => m.kind === 'ticket_solved');
}
const linksIn = (text: string) =>
  [...text.matchAll(/\/satisfaction\/([\w.-]+)\?score=(\d)/g)].map((m) => ({ token: m[1], score: Number(m[2]) }));

beforeAll(async () => {
  k = await testKefu();
  alice = await person('Alice Wang', 'alice@kefu.test', 'agent');
  bob = await person('Bob Chen', 'bob@kefu.test', 'agent', { locale: 'zh-CN' });
  carol = await person('Carol', 'carol@kefu.test', 'agent');
  lin = await person('Lin Limited', 'lin@kefu.test', 'agent');
  const acme = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  const other = (await k.admin.post('/api/v1/organizations', { name: 'Other' })).body.id;
  cust = await person('Li Lei', 'lilei@acme.test', 'customer', { organization_id: acme });
  colleague = await person('Han Meimei', 'han@acme.test', 'customer', { organization_id: acme });
  stranger = await person('Sam', 'sam@other.test', 'customer', { organization_id: other });
  support = (await k.admin.post('/api/v1/groups', { name: 'Support', member_ids: [alice.id, bob.id] })).body.id;
  billing = (await k.admin.post('/api/v1/groups', { name: 'Billing', member_ids: [lin.id] })).body.id;
  expect((await k.admin.patch(`/api/v1/people/${lin.id}`, { ticket_access: 'groups' })).status).toBe(200);
  await run('notifications.notify');
  await run('email.notify');
});
afterAll(async () => {
  await k?.stop();
});

describe('rating through the API (the portal)', () => {
  it('only a solved or closed ticket: an open one is a 409 with a clear message, and nothing is recorded', async () => {
    const t = await ticket({ solve: false });
    const r = await rate(cust.c, t.id, { score: 5 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect(r.body.error.message).toBe('This request can be rated once it is solved; it is open again or still being worked on.');
    expect(await ratingRows(t.id)).toEqual([]);
  });

  it('only the requester: staff 403, a colleague 403, another organization 404, anonymous 401', async () => {
    const t = await ticket({ group_id: support });
    const staff = await rate(k.admin, t.id, { score: 5 });
    expect(staff.status).toBe(403);
    expect(staff.body.error.message).toBe("Only the requester rates a ticket; staff cannot rate on a customer's behalf.");
    expect((await rate(alice.c, t.id, { score: 5 })).status).toBe(403);
    expect((await rate(colleague.c, t.id, { score: 1 })).status).toBe(403);
    expect((await rate(stranger.c, t.id, { score: 1 })).status).toBe(404);
    expect((await rate(k.anon, t.id, { score: 1 })).status).toBe(401);
    expect((await rate(cust.c, 999_999, { score: 1 })).status).toBe(404);
    expect(await ratingRows(t.id)).toEqual([]);
  });

  it('bad input is a 400', async () => {
    const t = await ticket();
    for (const body of [
      {},
      { score: 0 },
      { score: 6 },
      { score: 2.5 },
      { score: '5' },
      { score: 5, comment: 'x'.repeat(2001) },
      { score: 5, extra: 1 },
    ])
      expect((await rate(cust.c, t.id, body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    expect(await ratingRows(t.id)).toEqual([]);
  });

  it('records the rating as an event without reopening, touching or moving SLA clocks; a second rating replaces the first', async () => {
    const t = await ticket({ group_id: support });
    const before = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
    const clocks = () =>
      k.db.query(`select sla_state, sla_next_breach_at, sla_check_at, status, updated_at from tickets where id = $1`, [t.id]);
    const clocksBefore = await clocks();
    expect(before.satisfaction).toBeNull();
    expect((await cust.c.get(`/api/v1/tickets/${t.id}`)).body.satisfaction).toBeNull();

    const r = await rate(cust.c, t.id, { score: 4, comment: '  Quick and kind.  ' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ score: 4, comment: 'Quick and kind.' });
    const second = await rate(cust.c, t.id, { score: 5 });
    expect(second.body).toMatchObject({ score: 5, comment: null });
    expect(await ratingRows(t.id)).toEqual([{ score: 5, comment: null }]);
    expect(await events(t.id)).toEqual([
      { score: 4, comment: 'Quick and kind.', previous: null, via: 'portal' },
      { score: 5, comment: null, previous: 4, via: 'portal' },
    ]);

    const after = (await k.admin.get(`/api/v1/tickets/${t.id}`)).body;
    expect(after.status).toBe('solved');
    expect(after.updated_at).toBe(before.updated_at);
    expect(after.solved_at).toBe(before.solved_at);
    expect(await clocks()).toEqual(clocksBefore);
    expect(after.satisfaction).toEqual({ score: 5, comment: null, rated_at: second.body.rated_at });
    // The requester sees their own rating; a colleague does not.
    expect((await cust.c.get(`/api/v1/tickets/${t.id}`)).body.satisfaction).toEqual(after.satisfaction);
    expect((await colleague.c.get(`/api/v1/tickets/${t.id}`)).body.satisfaction).toBeUndefined();
    // The history (staff only) reads it.
    const hist = (await k.admin.get(`/api/v1/tickets/${t.id}/events`)).body.data.filter(
      (e: { type: string }) => e.type === 'satisfaction.rated',
    );
    expect(hist).toHaveLength(2);
    expect((await cust.c.get(`/api/v1/tickets/${t.id}/events`)).status).toBe(403);
  });

  it('a closed ticket can be rated too', async () => {
    const t = await ticket();
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'closed' })).status).toBe(200);
    expect((await rate(cust.c, t.id, { score: 3 })).status).toBe(200);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.status).toBe('closed');
  });
});

describe('the link in the solved mail', () => {
  it('the solved mail asks "How did we do?" with five signed links; opening one records nothing; posting the form does, and the report counts it', async () => {
    const t = await ticket({ subject: 'VPN drops every hour', group_id: billing, assignee_id: lin.id });
    const [mail, ...more] = await solvedMail(t.id);
    expect(more).toEqual([]);
    expect(mail.text).toContain('How did we do?');
    const links = linksIn(mail.text);
    expect(links.map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(links.map((l) => l.token)).size).toBe(1);
    expect(mail.text).toContain(`http://localhost:8080/satisfaction/${links[0].token}?score=4`);
    expect(mail.html).toContain(`/satisfaction/${links[0].token}?score=5`);
    const token = links[0].token;

    // Opening the link (a mail scanner, a preview, the customer): a page with the choice made, nothing recorded.
    const view = await page(`/satisfaction/${token}?score=4`);
    expect(view.statusCode).toBe(200);
    expect(view.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.headers['referrer-policy']).toBe('no-referrer');
    expect(view.body).toContain(`Request #${t.number}: VPN drops every hour`);
    expect(view.body).toContain('<input type="radio" name="score" value="4" checked required>');
    expect(view.body).not.toContain('value="5" checked');
    expect(view.body).toContain(`<form method="post" action="/satisfaction/${token}">`);
    expect(view.body).not.toContain('It smokes.'); // no message of the ticket
    expect((await k.anon.get(`/api/v1/public/satisfaction/${token}`)).body).toEqual({
      ticket: { number: t.number, subject: 'VPN drops every hour' },
      rating: null,
    });
    expect(await ratingRows(t.id)).toEqual([]);
    expect(await events(t.id)).toEqual([]);

    // The page in Chinese, as asked.
    const zh = await page(`/satisfaction/${token}?score=2&lang=zh-CN`);
    expect(zh.body).toContain(`请求 #${t.number}：VPN drops every hour`);
    expect(zh.body).toContain('value="2" checked');

    // Sending the form without a score: the form again, with the reason.
    const none = await form(`/satisfaction/${token}`, { comment: 'hm', lang: 'en' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose a score from 1 to 5.');
    expect(await ratingRows(t.id)).toEqual([]);

    const sent = await form(`/satisfaction/${token}`, { score: '4', comment: 'Fixed, thanks', lang: 'en' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('We recorded your rating: 4 out of 5.');
    expect(await ratingRows(t.id)).toEqual([{ score: 4, comment: 'Fixed, thanks' }]);
    expect(await events(t.id)).toEqual([{ score: 4, comment: 'Fixed, thanks', previous: null, via: 'link' }]);
    // The page now says it was rated; the JSON API rates too (and replaces).
    expect((await page(`/satisfaction/${token}`)).body).toContain('You rated this request 4 out of 5.');
    const api = await k.anon.post(`/api/v1/public/satisfaction/${token}`, { score: 5, comment: 'Even better now' });
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      ticket: { number: t.number, subject: 'VPN drops every hour' },
      rating: { score: 5, comment: 'Even better now' },
    });

    // Counted by the report: the limited agent's own group (Billing) has exactly this rating.
    const rep = await lin.c.get('/api/v1/reports/satisfaction?group_by=group');
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    expect(rep.body.data).toEqual([
      {
        group_id: billing,
        group: 'Billing',
        count: 1,
        average: 5,
        satisfied_share: 1,
        distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 },
      },
    ]);
  });

  it('the private page of a solved request asks "How did we do?" too, with a token that rates only as its requester', async () => {
    const t = await ticket({ subject: 'Rated on the private page', solve: false });
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' })).status).toBe(200);
    const [mail] = await solvedMail(t.id);
    const link = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(mail.text)![1];
    const view = async () => {
      const r = await k.anon.get(`/api/v1/guest/tickets/${link}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.satisfaction as { token: string; rating: { score: number; comment: string | null } | null } | null;
    };
    const asked = await view();
    expect(asked).toMatchObject({ rating: null });
    // The same signed token as the mail's: it rates this ticket, as its requester, through the public route.
    const sent = await k.anon.post(`/api/v1/public/satisfaction/${asked!.token}`, { score: 5, comment: 'Clear answer' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(await ratingRows(t.id)).toEqual([{ score: 5, comment: 'Clear answer' }]);
    expect((await view())!.rating).toMatchObject({ score: 5, comment: 'Clear answer' });
    // Reopened: nothing to rate; surveys off: nothing either.
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'open' })).status).toBe(200);
    expect(await view()).toBeNull();
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' })).status).toBe(200);
    expect((await k.admin.patch('/api/v1/settings/satisfaction', { enabled: false })).status).toBe(200);
    expect(await view()).toBeNull();
    expect((await k.admin.patch('/api/v1/settings/satisfaction', { enabled: true })).status).toBe(200);
    expect(await view()).not.toBeNull();
  });

  it('a reply sent with "solved" is mailed, and so is "solved" with the question, once each', async () => {
    const t = await ticket({ subject: 'Send and solve', solve: false });
    await run('email.notify');
    const r = await alice.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Fixed the origin setting.', status: 'solved' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await run('email.notify', 2);
    const mails = (await k.admin.get(`/api/v1/outbox?ticket_id=${t.id}`)).body.data as Array<{ kind: string; text: string }>;
    expect(mails.filter((m) => m.kind === 'agent_reply').map((m) => m.text.includes('Fixed the origin setting.'))).toEqual([true]);
    const solved = mails.filter((m) => m.kind === 'ticket_solved');
    expect(solved).toHaveLength(1);
    expect(linksIn(solved[0].text).map((l) => l.score)).toEqual([1, 2, 3, 4, 5]);
  });

  it('no private link in mail to a requester who signs in with a second factor; others get one', async () => {
    const tf = await person('Tia Two', 'tia@acme.test', 'customer');
    const secret = (await tf.c.post('/api/v1/me/2fa', { current_password: 'Rate-pass-123' })).body.secret as string;
    expect((await tf.c.post('/api/v1/me/2fa/confirm', { code: (await totpAt(secret, new Date())).code })).status).toBe(200);
    const mailsOf = async (requester: number) => {
      const t = await ticket({ subject: `Links for ${requester}`, requester, solve: false });
      expect((await alice.c.post(`/api/v1/tickets/${t.id}/messages`, { body: 'Answer.', status: 'solved' })).status).toBe(201);
      await run('email.notify');
      return (await k.admin.get(`/api/v1/outbox?ticket_id=${t.id}`)).body.data as Array<{ kind: string; text: string }>;
    };
    const guarded = await mailsOf(tf.id);
    expect(guarded.map((m) => m.kind).sort()).toEqual(['agent_reply', 'ticket_received', 'ticket_solved']);
    for (const m of guarded) expect(m.text).not.toContain('/guest/tickets/');
    // The rating links stay: they rate, nothing else.
    expect(linksIn(guarded.find((m) => m.kind === 'ticket_solved')!.text)).toHaveLength(5);
    const open = await mailsOf(cust.id);
    expect(open.find((m) => m.kind === 'agent_reply')!.text).toContain('/guest/tickets/');
  });

  it('private links mailed before die when the requester turns on a second factor, or is deactivated', async () => {
    const linkOf = async (requester: number, subject: string) => {
      const t = await ticket({ subject, requester, solve: false });
      await run('email.notify');
      const mails = (await k.admin.get(`/api/v1/outbox?ticket_id=${t.id}`)).body.data as Array<{ text: string }>;
      const m = /\/guest\/tickets\/(kfg_[\w-]+)/.exec(mails.map((x) => x.text).join('\n'));
      expect(m, subject).not.toBeNull();
      return m![1];
    };
    const read = async (token: string) => (await k.anon.get(`/api/v1/guest/tickets/${token}`)).status;
    const write = async (token: string) => (await k.anon.post(`/api/v1/guest/tickets/${token}/messages`, { body: 'Via the link.' })).status;

    const tom = await person('Tom Later', 'tom.later@acme.test', 'customer');
    const tomLink = await linkOf(tom.id, 'Before his second factor');
    expect(await read(tomLink)).toBe(200);
    const secret = (await tom.c.post('/api/v1/me/2fa', { current_password: 'Rate-pass-123' })).body.secret as string;
    expect((await tom.c.post('/api/v1/me/2fa/confirm', { code: (await totpAt(secret, new Date())).code })).status).toBe(200);
    expect(await read(tomLink)).toBe(404);
    expect(await write(tomLink)).toBe(404);
    const audit = (await k.admin.get(`/api/v1/audit-log?person_id=${tom.id}&type=two_factor.enabled`)).body.data;
    expect(audit[0].data).toEqual({ private_links_revoked: 1 });

    const dan = await person('Dan Gone', 'dan.gone@acme.test', 'customer');
    const danLink = await linkOf(dan.id, 'Before he left');
    expect(await read(danLink)).toBe(200);
    expect((await k.admin.patch(`/api/v1/people/${dan.id}`, { active: false })).status).toBe(200);
    expect(await read(danLink)).toBe(404);
    // Reactivating brings no link back.
    expect((await k.admin.patch(`/api/v1/people/${dan.id}`, { active: true })).status).toBe(200);
    expect(await read(danLink)).toBe(404);
  });

  it('a rated ticket solved again is not asked again', async () => {
    const t = await ticket();
    expect(linksIn((await solvedMail(t.id))[0].text)).toHaveLength(5);
    expect((await rate(cust.c, t.id, { score: 5 })).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'open' })).status).toBe(200);
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' })).status).toBe(200);
    const mails = await solvedMail(t.id);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => linksIn(m.text).length).sort()).toEqual([0, 5]);
  });

  it('a token rates only its own ticket: another ticket id, an altered signature, an expired or garbage token are the same 404', async () => {
    const a = await ticket({ subject: 'Ticket A' });
    const b = await ticket({ subject: 'Ticket B' });
    const ring = await ratingKeyring(k.db);
    const tokenA = signRatingToken(ring, { ticketId: a.id, personId: cust.id, now: new Date() });
    const [ta, pa, iat, mac] = tokenA.split('.');
    const forB = [String(b.id), pa, iat, mac].join('.');
    const flipped = [ta, pa, iat, (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)].join('.');
    const otherPerson = [ta, String(colleague.id), iat, mac].join('.');
    const later = [ta, pa, String(Number(iat) + 1), mac].join('.');
    const expired = signRatingToken(ring, {
      ticketId: a.id,
      personId: cust.id,
      now: new Date(Date.now() - (TOKEN_DAYS * 86_400 + 60) * 1000),
    });
    const almost = signRatingToken(ring, {
      ticketId: a.id,
      personId: cust.id,
      now: new Date(Date.now() - (TOKEN_DAYS * 86_400 - 60) * 1000),
    });
    for (const bad of [forB, flipped, otherPerson, later, expired, 'garbage', `${tokenA}x`]) {
      const api = await k.anon.post(`/api/v1/public/satisfaction/${encodeURIComponent(bad)}`, { score: 1 });
      expect(api.status, bad).toBe(404);
      expect(api.body.error.message).toBe('This rating link is invalid or has expired (links work for 30 days).');
      expect((await k.anon.get(`/api/v1/public/satisfaction/${encodeURIComponent(bad)}`)).status).toBe(404);
      expect((await page(`/satisfaction/${encodeURIComponent(bad)}`)).statusCode).toBe(404);
      expect((await form(`/satisfaction/${encodeURIComponent(bad)}`, { score: '1' })).statusCode).toBe(404);
    }
    expect(await ratingRows(a.id)).toEqual([]);
    expect(await ratingRows(b.id)).toEqual([]);
    // A day before it expires it still works, for ticket A only.
    expect((await k.anon.post(`/api/v1/public/satisfaction/${almost}`, { score: 2 })).status).toBe(200);
    expect(await ratingRows(a.id)).toEqual([{ score: 2, comment: null }]);
    expect(await ratingRows(b.id)).toEqual([]);
    // The link signs no one in.
    expect((await k.as(tokenA).get(`/api/v1/tickets/${a.id}`)).status).toBe(401);
  });

  it('a reopened ticket cannot be rated through its link (409) and its page says why', async () => {
    const t = await ticket();
    const token = signRatingToken(await ratingKeyring(k.db), { ticketId: t.id, personId: cust.id, now: new Date() });
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'open' })).status).toBe(200);
    expect((await k.anon.post(`/api/v1/public/satisfaction/${token}`, { score: 5 })).status).toBe(409);
    const p = await page(`/satisfaction/${token}`);
    expect(p.statusCode).toBe(409);
    expect(p.body).toContain('This request can be rated once it is solved');
    expect((await form(`/satisfaction/${token}`, { score: '5' })).statusCode).toBe(409);
    expect(await ratingRows(t.id)).toEqual([]);
  });
});

describe('low scores', () => {
  it("a score below notify_below notifies the ticket's group members once (or the assignee without a group); 3 notifies nobody", async () => {
    await run('notifications.notify');
    const low = await ticket({ subject: 'Slow answers', group_id: support });
    const fine = await ticket({ subject: 'Okay answers', group_id: support });
    const lone = await ticket({ subject: 'Nobody group', assignee_id: carol.id });
    await run('notifications.notify');
    expect((await rate(cust.c, low.id, { score: 2, comment: 'Took a week' })).status).toBe(200);
    expect((await rate(cust.c, fine.id, { score: 3 })).status).toBe(200);
    expect((await rate(cust.c, lone.id, { score: 1 })).status).toBe(200);
    await run('notifications.notify', 2); // exactly once, even when the job runs twice
    const mine = async (c: Caller, ticketId: number) =>
      ((await c.get('/api/v1/notifications?limit=100')).body.data as Array<{ kind: string; ticket_id: number; text: string }>).filter(
        (n) => n.ticket_id === ticketId && n.kind === 'low_satisfaction',
      );
    expect((await mine(alice.c, low.id)).map((n) => n.text)).toEqual([`Li Lei rated #${low.number} 2 out of 5: Slow answers`]);
    expect((await mine(bob.c, low.id)).map((n) => n.text)).toEqual([`Li Lei 给 #${low.number} 打了 2 分（满分 5 分）：Slow answers`]);
    expect(await mine(carol.c, low.id)).toEqual([]);
    expect(await mine(alice.c, fine.id)).toEqual([]);
    expect(await mine(bob.c, fine.id)).toEqual([]);
    expect((await mine(carol.c, lone.id)).map((n) => n.text)).toEqual([`Li Lei rated #${lone.number} 1 out of 5: Nobody group`]);
    const rows = await k.db.query<{ n: number }>(
      `select count(*)::int as n from notifications where kind = 'low_satisfaction' and ticket_id = any($1::bigint[])`,
      [[low.id, fine.id, lone.id]],
    );
    expect(rows[0].n).toBe(3);
  });

  it('notify_below is a setting (admin): 4 makes a 3 low', async () => {
    expect((await alice.c.patch('/api/v1/settings/satisfaction', { notify_below: 4 })).status).toBe(403);
    expect((await k.admin.patch('/api/v1/settings/satisfaction', { notify_below: 4 })).body).toEqual({ enabled: true, notify_below: 4 });
    const t = await ticket({ subject: 'Meh', group_id: support });
    expect((await rate(cust.c, t.id, { score: 3 })).status).toBe(200);
    await run('notifications.notify');
    const n = await k.db.query(
      `select person_id from notifications where kind = 'low_satisfaction' and ticket_id = $1 order by person_id`,
      [t.id],
    );
    expect(n.map((x: any) => x.person_id)).toEqual([alice.id, bob.id].sort((a, b) => a - b));
    expect((await k.admin.patch('/api/v1/settings/satisfaction', { notify_below: 3 })).status).toBe(200);
  });
});

describe('the report', () => {
  /** Ratings moved into March 2026 by construction: nothing else of this file falls in that month. */
  let made: Array<{ id: number; score: number }> = [];
  beforeAll(async () => {
    const specs: Array<{ score: number; group_id?: number; assignee_id?: number; priority: string }> = [
      { score: 5, group_id: support, assignee_id: alice.id, priority: 'P1' },
      { score: 4, group_id: support, assignee_id: alice.id, priority: 'P2' },
      { score: 2, group_id: support, assignee_id: bob.id, priority: 'P2' },
      { score: 1, group_id: billing, assignee_id: lin.id, priority: 'P3' },
      { score: 5, group_id: billing, priority: 'P3' },
      { score: 3, priority: 'P3' },
    ];
    made = [];
    for (const [i, s] of specs.entries()) {
      const t = await ticket({ subject: `Report ${i}`, group_id: s.group_id, assignee_id: s.assignee_id, priority: s.priority });
      expect((await rate(cust.c, t.id, { score: s.score })).status).toBe(200);
      await k.db.query(`update satisfaction_ratings set rated_at = $2 where ticket_id = $1`, [
        t.id,
        new Date(Date.UTC(2026, 2, 2 + i, 10)),
      ]);
      made.push({ id: t.id, score: s.score });
    }
  });
  const period = 'from=2026-03-01&to=2026-04-01';

  it('one row by default: count, average (2 decimals), share of 4–5 and the distribution, exactly', async () => {
    const r = await k.admin.get(`/api/v1/reports/satisfaction?${period}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // 5+4+2+1+5+3 = 20 over 6 = 3.33; 4–5: three of six.
    expect(r.body.data).toEqual([
      { count: 6, average: 3.33, satisfied_share: 0.5, distribution: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 2 } },
    ]);
    expect(r.body.meta).toMatchObject({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    // The period is by rated_at, half-open: the first two days only.
    const two = await k.admin.get('/api/v1/reports/satisfaction?from=2026-03-02&to=2026-03-03T10:00:00Z');
    expect(two.body.data).toEqual([{ count: 1, average: 5, satisfied_share: 1, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 } }]);
    // An empty period still answers one row.
    const none = await k.admin.get('/api/v1/reports/satisfaction?from=2025-01-01&to=2025-02-01');
    expect(none.body.data).toEqual([
      { count: 0, average: null, satisfied_share: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
    ]);
  });

  it('grouped by agent, by group and priority', async () => {
    const byAgent = (await alice.c.get(`/api/v1/reports/satisfaction?${period}&group_by=agent`)).body.data;
    const agentIds = [alice.id, bob.id, lin.id].sort((a, b) => a - b);
    const expected: Record<number, object> = {
      [alice.id]: {
        agent_id: alice.id,
        agent: 'Alice Wang',
        count: 2,
        average: 4.5,
        satisfied_share: 1,
        distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 },
      },
      [bob.id]: {
        agent_id: bob.id,
        agent: 'Bob Chen',
        count: 1,
        average: 2,
        satisfied_share: 0,
        distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 0 },
      },
      [lin.id]: {
        agent_id: lin.id,
        agent: 'Lin Limited',
        count: 1,
        average: 1,
        satisfied_share: 0,
        distribution: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 0 },
      },
    };
    expect(byAgent).toEqual([
      ...agentIds.map((id) => expected[id]),
      { agent_id: null, agent: null, count: 2, average: 4, satisfied_share: 0.5, distribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 1 } },
    ]);
    const byGroupPriority = (await k.admin.get(`/api/v1/reports/satisfaction?${period}&group_by=group,priority`)).body.data;
    const rows = byGroupPriority.map((r: any) => [r.group, r.priority, r.count, r.average]);
    const sg = [
      ['Support', 'P1', 1, 5],
      ['Support', 'P2', 2, 3],
    ];
    const bg = [['Billing', 'P3', 2, 3]];
    expect(rows).toEqual([...(support < billing ? [...sg, ...bg] : [...bg, ...sg]), [null, 'P3', 1, 3]]);
  });

  it('an agent limited to groups counts only their groups and their own tickets; customers are refused; bad periods are 400', async () => {
    const r = await lin.c.get(`/api/v1/reports/satisfaction?${period}`);
    expect(r.body.data).toEqual([{ count: 2, average: 3, satisfied_share: 0.5, distribution: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 1 } }]);
    expect((await cust.c.get(`/api/v1/reports/satisfaction?${period}`)).status).toBe(403);
    expect((await k.anon.get(`/api/v1/reports/satisfaction?${period}`)).status).toBe(401);
    for (const q of ['from=2026-04-01&to=2026-03-01', 'from=yesterday', 'from=2024-01-01&to=2026-01-01', 'group_by=mood', 'format=xml'])
      expect((await k.admin.get(`/api/v1/reports/satisfaction?${q}`)).status, q).toBe(400);
  });

  it('format=csv: the same rows as a download', async () => {
    const r = await k.kefu.app.inject({
      method: 'GET',
      url: `/api/v1/reports/satisfaction?${period}&group_by=priority&format=csv`,
      headers: { authorization: await bearer() },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="satisfaction-2026-03-01-2026-04-01.csv"');
    expect(r.body).toBe(
      [
        '\uFEFFpriority,count,average,satisfied_share,score_1,score_2,score_3,score_4,score_5',
        'P1,1,5,1,0,0,0,0,1',
        'P2,2,3,0.5,0,1,0,1,0',
        'P3,3,3,0.3333,1,0,1,0,1',
        '',
      ].join('\r\n'),
    );
  });
});

/** The admin's bearer header, for raw requests. */
async function bearer() {
  const token = (await k.adminSession.post('/api/v1/tokens', { name: `csv ${Math.random()}` })).body.token as string;
  return `Bearer ${token}`;
}

describe('surveys turned off', () => {
  it('no block in the solved mail, no rating key for the requester, the links 404 and the ticket endpoint 409', async () => {
    const t = await ticket({ solve: false });
    const token = signRatingToken(await ratingKeyring(k.db), { ticketId: t.id, personId: cust.id, now: new Date() });
    expect((await k.admin.patch('/api/v1/settings/satisfaction', { enabled: false })).body).toEqual({ enabled: false, notify_below: 3 });
    expect((await k.admin.patch(`/api/v1/tickets/${t.id}`, { status: 'solved' })).status).toBe(200);
    const [mail] = await solvedMail(t.id);
    expect(mail.text).not.toContain('How did we do?');
    expect(linksIn(mail.text)).toEqual([]);
    expect((await cust.c.get(`/api/v1/tickets/${t.id}`)).body.satisfaction).toBeUndefined();
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.satisfaction).toBeNull();
    const r = await rate(cust.c, t.id, { score: 5 });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe('Satisfaction ratings are turned off on this help desk.');
    expect((await k.anon.get(`/api/v1/public/satisfaction/${token}`)).status).toBe(404);
    expect((await k.anon.post(`/api/v1/public/satisfaction/${token}`, { score: 5 })).status).toBe(404);
    expect((await page(`/satisfaction/${token}`)).statusCode).toBe(404);
    expect(await ratingRows(t.id)).toEqual([]);
    expect((await k.admin.patch('/api/v1/settings/satisfaction', { enabled: true })).status).toBe(200);
    expect((await k.anon.get(`/api/v1/public/satisfaction/${token}`)).status).toBe(200);
    expect((await cust.c.get('/api/v1/settings/satisfaction')).status).toBe(403);
    expect((await alice.c.get('/api/v1/settings/satisfaction')).body).toEqual({ enabled: true, notify_below: 3 });
  });
});
