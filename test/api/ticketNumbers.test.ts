import { afterAll, beforeAll, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/** People know tickets by number (#1000): the API finds one by number with the visibility of GET /tickets/:id. */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const person = async (email: string, organization_id: number | null) => {
  await k.admin.post('/api/v1/people', { name: email.split('@')[0], email, organization_id, password: 'Cust-pass-123' });
  return k.signIn(email, 'Cust-pass-123');
};

it('finds a ticket by its number for staff and for the customers who may see it, and for no one else', async () => {
  const a = (await k.admin.post('/api/v1/organizations', { name: 'Number A' })).body.id;
  const b = (await k.admin.post('/api/v1/organizations', { name: 'Number B' })).body.id;
  const alice = await person('alice@numbers-a.test', a);
  const bob = await person('bob@numbers-b.test', b);
  const t = (await alice.post('/api/v1/tickets', { subject: 'by number', body: 'b' })).body;
  expect(t.number).toBeGreaterThanOrEqual(1000);
  expect(t.number).not.toBe(t.id);

  const staff = await k.admin.get(`/api/v1/tickets?number=${t.number}`);
  expect(staff.status).toBe(200);
  expect(staff.body.data.map((x: { id: number; number: number }) => [x.id, x.number])).toEqual([[t.id, t.number]]);
  expect((await alice.get(`/api/v1/tickets?number=${t.number}`)).body.data.map((x: { id: number }) => x.id)).toEqual([t.id]);
  // Another organization's ticket is as invisible by number as by id.
  expect((await bob.get(`/api/v1/tickets/${t.id}`)).status).toBe(404);
  expect((await bob.get(`/api/v1/tickets?number=${t.number}`)).body.data).toEqual([]);
  // The id is not a number: looking up the id as a number does not find this ticket.
  expect((await k.admin.get(`/api/v1/tickets?number=${t.id}`)).body.data.map((x: { id: number }) => x.id)).not.toContain(t.id);
  expect((await k.admin.get('/api/v1/tickets?number=999999999')).body.data).toEqual([]);
  expect((await k.admin.get('/api/v1/tickets?number=abc')).status).toBe(400);
});

it('a customer who moved organization still finds the ticket they requested, as GET /tickets/:id allows', async () => {
  const a = (await k.admin.post('/api/v1/organizations', { name: 'Old Org' })).body.id;
  const b = (await k.admin.post('/api/v1/organizations', { name: 'New Org' })).body.id;
  const mover = (await k.admin.post('/api/v1/people', { name: 'Mo', email: 'mo@move.test', organization_id: a, password: 'Cust-pass-123' }))
    .body;
  const t = (await k.admin.post('/api/v1/tickets', { subject: 'mine', body: 'b', requester_id: mover.id, organization_id: a })).body;
  const moved = await k.admin.patch(`/api/v1/people/${mover.id}`, { organization_id: b });
  expect(moved.status).toBe(200);
  const mo = await k.signIn('mo@move.test', 'Cust-pass-123');
  const byId = await mo.get(`/api/v1/tickets/${t.id}`);
  const byNumber = (await mo.get(`/api/v1/tickets?number=${t.number}`)).body.data.map((x: { id: number }) => x.id);
  expect(byId.status).toBe(200);
  expect(byNumber).toEqual([t.id]);
});

it('a merged ticket names, by number, the ticket it went into, for the agent and the customer; the history too', async () => {
  const o = (await k.admin.post('/api/v1/organizations', { name: 'Merge Numbers' })).body.id;
  const cara = await person('cara@merge-numbers.test', o);
  const source = (await cara.post('/api/v1/tickets', { subject: 'duplicate', body: 'first' })).body;
  const target = (await cara.post('/api/v1/tickets', { subject: 'original', body: 'second' })).body;
  expect((await k.admin.post(`/api/v1/tickets/${source.id}/merge`, { target_id: target.id })).status).toBe(200);

  const agentView = (await k.admin.get(`/api/v1/tickets/${source.id}`)).body;
  expect(agentView).toMatchObject({ merged_into_id: target.id, merged_into_number: target.number });
  expect((await cara.get(`/api/v1/tickets?number=${source.number}`)).body.data[0]).toMatchObject({ merged_into_number: target.number });
  expect((await k.admin.get(`/api/v1/tickets/${target.id}`)).body.merged_into_number).toBeNull();

  const merged = async (id: number) =>
    ((await k.admin.get(`/api/v1/tickets/${id}/events`)).body.data as Array<{ type: string; data: any }>).find(
      (e) => e.type === 'ticket.merged',
    )!.data;
  expect(await merged(source.id)).toMatchObject({ into: target.id, into_number: target.number });
  expect(await merged(target.id)).toMatchObject({ from: source.id, from_number: source.number });

  const again = await k.admin.post(`/api/v1/tickets/${source.id}/merge`, { target_id: target.id });
  expect(again.status).toBe(409);
  expect(again.body.error.message).toContain(`#${source.number}`);
});
