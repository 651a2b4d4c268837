import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/**
 * Deleting a group (docs/access.md, "Deleting a group"): its tickets that are not closed move to
 * the chosen group (or to none) through the ticket pipeline, views and macros follow, members
 * leave it, closed tickets and reports keep naming it, and no ticket enters it again.
 */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => {
  await k?.stop();
});

const ticket = async (subject: string, group_id: number) => {
  const r = await k.admin.post('/api/v1/tickets', {
    subject,
    body: 'b',
    requester_email: 'gd@cust.test',
    group_id,
    override_entitlement: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; number: number };
};

describe('deleting a group', () => {
  it('moves open tickets, views and macros to the chosen group, keeps closed tickets, and removes members', async () => {
    const agent = (
      await k.admin.post('/api/v1/people', { name: 'Gu Limited', email: 'gu@kefu.test', role: 'agent', password: 'Group-pass-123' })
    ).body.id as number;
    await k.admin.patch(`/api/v1/people/${agent}`, { ticket_access: 'groups' });
    const night = (await k.admin.post('/api/v1/groups', { name: 'Night shift', member_ids: [agent] })).body.id as number;
    const day = (await k.admin.post('/api/v1/groups', { name: 'Day shift' })).body.id as number;
    const open = await ticket('Still open', night);
    const solved = await ticket('Solved one', night);
    await k.admin.patch(`/api/v1/tickets/${solved.id}`, { status: 'solved' });
    const closed = await ticket('Long closed', night);
    await k.admin.patch(`/api/v1/tickets/${closed.id}`, { status: 'closed' });
    const view = (await k.admin.post('/api/v1/views', { name: 'Night queue', shared: true, filters: { group: [night, 'none'] } })).body;
    const macro = await k.admin.post('/api/v1/macros', {
      name: 'To night shift',
      body: { en: 'x' },
      shared: true,
      actions: { group_id: night },
    });
    expect(macro.status, JSON.stringify(macro.body)).toBe(201);
    // A support address whose mail goes to the night shift follows the tickets.
    const address = (await k.admin.post('/api/v1/support-addresses', { email: 'nights@kefu.test', group_id: night })).body;

    const preview = await k.admin.get(`/api/v1/groups/${night}/deletion-preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      group: { id: night, name: 'Night shift' },
      tickets: 2,
      closed_tickets: 1,
      members: [{ id: agent, name: 'Gu Limited', limited_to_groups: true, other_groups: 0 }],
      views: [{ id: view.id, name: 'Night queue', shared: true }],
      macros: [{ id: macro.body.id, name: 'To night shift', shared: true }],
      addresses: [{ id: address.id, name: 'nights@kefu.test' }],
    });

    // Refusals: to itself, to an unknown group, by an agent.
    expect((await k.admin.del(`/api/v1/groups/${night}?move_to=${night}`)).status).toBe(422);
    expect((await k.admin.del(`/api/v1/groups/${night}?move_to=999999`)).status).toBe(422);
    expect((await k.admin.del(`/api/v1/groups/${night}?move_to=abc`)).status).toBe(400);
    const gu = await k.signIn('gu@kefu.test', 'Group-pass-123');
    expect((await gu.del(`/api/v1/groups/${night}`)).status).toBe(403);

    const r = await k.admin.del(`/api/v1/groups/${night}?move_to=${day}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      id: night,
      deleted: true,
      moved_to: day,
      tickets_moved: 2,
      views_changed: 1,
      macros_changed: 1,
      addresses_changed: 1,
      members_removed: 1,
    });
    expect((await k.admin.get(`/api/v1/tickets/${open.id}`)).body).toMatchObject({ group_id: day, status: 'new' });
    expect((await k.admin.get(`/api/v1/tickets/${solved.id}`)).body).toMatchObject({ group_id: day, status: 'solved' });
    // The closed ticket keeps its group by name, as its history does.
    expect((await k.admin.get(`/api/v1/tickets/${closed.id}`)).body).toMatchObject({ group_id: night });
    const ev = (await k.admin.get(`/api/v1/tickets/${open.id}/events`)).body.data as Array<{ type: string; data: unknown }>;
    expect(ev.at(-1)).toMatchObject({ type: 'ticket.updated', data: { changes: { group_id: [night, day] } } });
    // The history names the deleted group, which the list of groups no longer has.
    expect((ev.at(-1)!.data as { group_names: unknown }).group_names).toEqual({ [night]: 'Night shift', [day]: 'Day shift' });
    expect((await k.admin.get(`/api/v1/views/${view.id}`)).body.filters.group.sort()).toEqual([day, 'none'].sort());
    expect((await k.admin.get(`/api/v1/macros/${macro.body.id}`)).body.actions).toMatchObject({ group_id: day });
    const moved = (await k.admin.get('/api/v1/support-addresses')).body.data.find((a: { id: number }) => a.id === address.id);
    expect(moved.group_id).toBe(day);
    // A deleted group cannot be given to an address.
    const refused = await k.admin.patch(`/api/v1/support-addresses/${address.id}`, { group_id: night });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.field).toBe('group_id');

    // Gone from lists and reads; its name is free again; no ticket enters it.
    expect(((await k.admin.get('/api/v1/groups')).body.data as Array<{ id: number }>).map((g) => g.id)).not.toContain(night);
    expect((await k.admin.get(`/api/v1/groups/${night}`)).status).toBe(404);
    expect((await k.admin.del(`/api/v1/groups/${night}`)).status).toBe(404);
    expect((await k.admin.patch(`/api/v1/tickets/${open.id}`, { group_id: night })).status).toBe(422);
    const entering = await k.admin.post('/api/v1/tickets', { subject: 's', body: 'b', requester_email: 'gd@cust.test', group_id: night });
    expect(entering.status).toBe(422);
    expect((await k.admin.post('/api/v1/groups', { name: 'night SHIFT' })).status).toBe(201);

    const audit = (await k.admin.get('/api/v1/audit-log?type=group.deleted')).body.data as Array<{ data: Record<string, unknown> }>;
    expect(audit[0].data).toMatchObject({ group: 'Night shift', moved_to: 'Day shift', tickets_moved: 2 });
  });

  it('without a group to move to: tickets leave the group, views filter on "no group", macros stop setting one', async () => {
    const g = (await k.admin.post('/api/v1/groups', { name: 'Temporary' })).body.id as number;
    const t = await ticket('In the temporary group', g);
    const view = (await k.admin.post('/api/v1/views', { name: 'Temp queue', shared: true, filters: { group: [g] } })).body;
    const macro = (
      await k.admin.post('/api/v1/macros', {
        name: 'To temp',
        body: { en: 'x' },
        shared: true,
        actions: { group_id: g, status: 'pending' },
      })
    ).body;
    const r = await k.admin.del(`/api/v1/groups/${g}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.group_id).toBeNull();
    expect((await k.admin.get(`/api/v1/views/${view.id}`)).body.filters.group).toEqual(['none']);
    const actions = (await k.admin.get(`/api/v1/macros/${macro.id}`)).body.actions;
    expect(actions).toEqual({ status: 'pending' });
  });
});
