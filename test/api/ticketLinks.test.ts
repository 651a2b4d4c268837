import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type Caller, type TestKefu } from '../helpers/testKefu.ts';

let k: TestKefu;
let cust: Caller;
let other: Caller;
let custId: number;

const open = async (c: Caller, subject: string, body = `${subject}.`) => {
  const r = await c.post('/api/v1/tickets', { subject, body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};
const events = async (id: number) =>
  (await k.admin.get(`/api/v1/tickets/${id}/events`)).body.data as Array<{ type: string; data: Record<string, unknown> }>;

beforeAll(async () => {
  k = await testKefu();
  const a = (await k.admin.post('/api/v1/organizations', { name: 'Acme' })).body.id;
  const b = (await k.admin.post('/api/v1/organizations', { name: 'Globex' })).body.id;
  custId = (
    await k.admin.post('/api/v1/people', {
      name: 'Han Meimei',
      email: 'han@acme.test',
      role: 'customer',
      password: 'Pass-word-123',
      organization_id: a,
    })
  ).body.id;
  await k.admin.post('/api/v1/people', {
    name: 'Gus',
    email: 'gus@globex.test',
    role: 'customer',
    password: 'Pass-word-123',
    organization_id: b,
  });
  cust = await k.signIn('han@acme.test', 'Pass-word-123');
  other = await k.signIn('gus@globex.test', 'Pass-word-123');
});
afterAll(async () => {
  await k?.stop();
});

describe('linked tickets', () => {
  it('one outage and its reports: parent and children across organizations, seen from both ends, by staff only', async () => {
    const outage = (
      await k.admin.post('/api/v1/tickets', { subject: 'Outage in Shanghai', body: 'Edge nodes down.', requester_email: 'noc@kefu.test' })
    ).body;
    const r1 = await open(cust, 'Site down');
    const r2 = await open(other, '网站打不开');
    for (const r of [r1, r2]) {
      const res = await k.admin.post(`/api/v1/tickets/${r.id}/links`, { ticket_id: outage.id, kind: 'parent' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.data).toEqual([
        expect.objectContaining({ kind: 'parent', ticket: expect.objectContaining({ id: outage.id, number: outage.number }) }),
      ]);
    }
    const children = (await k.admin.get(`/api/v1/tickets/${outage.id}/links`)).body.data;
    expect(children.map((l: { kind: string; ticket: { id: number } }) => [l.kind, l.ticket.id]).sort()).toEqual(
      [
        ['child', r1.id],
        ['child', r2.id],
      ].sort(),
    );
    expect((await events(outage.id)).filter((e) => e.type === 'ticket.linked').length).toBe(2);
    expect((await events(r1.id)).find((e) => e.type === 'ticket.linked')?.data).toMatchObject({
      other_id: outage.id,
      kind: 'parent',
      other_number: outage.number,
    });

    // Customers see no links (they would name other customers' tickets).
    expect((await cust.get(`/api/v1/tickets/${r1.id}/links`)).status).toBe(403);
    expect((await cust.post(`/api/v1/tickets/${r1.id}/links`, { ticket_id: r2.id })).status).toBe(403);

    // One parent at most; no double link; not to itself; unknown ticket 404.
    const second = (await k.admin.post('/api/v1/tickets', { subject: 'Another outage', body: 'x', requester_email: 'noc@kefu.test' })).body;
    expect((await k.admin.post(`/api/v1/tickets/${r1.id}/links`, { ticket_id: second.id, kind: 'parent' })).status).toBe(409);
    expect((await k.admin.post(`/api/v1/tickets/${outage.id}/links`, { ticket_id: r1.id, kind: 'related' })).status).toBe(409);
    expect((await k.admin.post(`/api/v1/tickets/${r1.id}/links`, { ticket_id: r1.id })).status).toBe(400);
    expect((await k.admin.post(`/api/v1/tickets/${r1.id}/links`, { ticket_id: 99999999 })).status).toBe(404);
    expect((await k.admin.post(`/api/v1/tickets/${r1.id}/links`, { ticket_id: second.id, kind: 'sibling' })).status).toBe(400);

    // Unlinking removes both ends and is recorded on both.
    expect((await k.admin.del(`/api/v1/tickets/${outage.id}/links/${r2.id}`)).status).toBe(204);
    expect((await k.admin.get(`/api/v1/tickets/${r2.id}/links`)).body.data).toEqual([]);
    expect((await events(r2.id)).find((e) => e.type === 'ticket.unlinked')?.data).toMatchObject({
      other_id: outage.id,
      kind: 'parent',
      other_number: outage.number,
    });
    expect((await k.admin.del(`/api/v1/tickets/${outage.id}/links/${r2.id}`)).status).toBe(404);
  });
});

describe('split', () => {
  it('copies a customer message into a new ticket for the same customer; the source keeps its history', async () => {
    const t = await open(cust, 'Login broken');
    const add = await cust.post(`/api/v1/tickets/${t.id}/messages`, {
      body: 'Also: the invoice for March is wrong.\nIt says 300.',
      attachments: [{ filename: 'invoice.txt', content_type: 'text/plain', data_base64: Buffer.from('300').toString('base64') }],
    });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    const r = await k.admin.post(`/api/v1/tickets/${t.id}/split`, { message_id: add.body.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ subject: `Split from #${t.number}: Also: the invoice for March is wrong.`, requester_id: custId });
    const msgs = (await k.admin.get(`/api/v1/tickets/${r.body.id}/messages`)).body.data;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({
      body: 'Also: the invoice for March is wrong.\nIt says 300.',
      author: expect.objectContaining({ id: custId }),
    });
    expect(msgs[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['invoice.txt']);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data).toHaveLength(2);
    expect((await events(t.id)).find((e) => e.type === 'ticket.split')?.data).toMatchObject({
      message_id: add.body.id,
      into: r.body.id,
      into_number: r.body.number,
    });
    expect((await events(r.body.id)).find((e) => e.type === 'ticket.split')?.data).toMatchObject({
      message_id: add.body.id,
      from: t.id,
      from_number: t.number,
    });
    // The customer sees the new ticket as theirs.
    expect((await cust.get(`/api/v1/tickets/${r.body.id}`)).status).toBe(200);
  });

  it('refuses notes, foreign messages and customers', async () => {
    const t = await open(cust, 'Printer');
    const u = await open(cust, 'Scanner');
    const note = await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'internal', internal: true });
    expect((await k.admin.post(`/api/v1/tickets/${t.id}/split`, { message_id: note.body.id })).status).toBe(422);
    const foreign = (await k.admin.get(`/api/v1/tickets/${u.id}/messages`)).body.data[0].id;
    expect((await k.admin.post(`/api/v1/tickets/${t.id}/split`, { message_id: foreign })).status).toBe(422);
    const mine = (await cust.get(`/api/v1/tickets/${t.id}/messages`)).body.data[0].id;
    expect((await cust.post(`/api/v1/tickets/${t.id}/split`, { message_id: mine })).status).toBe(403);
    expect((await k.admin.post(`/api/v1/tickets/${t.id}/split`, { message_id: 'x' })).status).toBe(400);
  });
});

describe("split, in the customer's language", () => {
  it("a Chinese customer's split-out ticket is titled in Chinese when an English-speaking agent splits it", async () => {
    await k.admin.post('/api/v1/people', {
      name: '王芳',
      email: 'wang@acme.test',
      role: 'customer',
      password: 'Pass-word-123',
      locale: 'zh-CN',
    });
    const wang = await k.signIn('wang@acme.test', 'Pass-word-123');
    const t = await open(wang, '无法登录');
    const add = await wang.post(`/api/v1/tickets/${t.id}/messages`, { body: '另外：三月的发票金额不对。' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    // The admin's token speaks English; the subject is the customer's.
    const r = await k.admin.post(`/api/v1/tickets/${t.id}/split`, { message_id: add.body.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.subject).toBe(`拆分自 #${t.number}：另外：三月的发票金额不对。`);
    expect((await wang.get(`/api/v1/tickets/${r.body.id}`)).body.subject).toBe(`拆分自 #${t.number}：另外：三月的发票金额不对。`);
  });
});
