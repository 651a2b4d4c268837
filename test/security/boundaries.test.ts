import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/** Where one customer's data meets another's: merges (7), channels (8), and the smaller leaks of 14. */
let k: SecurityKefu;
beforeAll(async () => {
  k = await securityKefu();
});
afterAll(async () => {
  await k?.stop();
});

const planId = async (name: string) =>
  ((await k.admin.get('/api/v1/plans')).body.data as Array<{ id: number; name: string }>).find((p) => p.name === name)!.id;
const verified = async (email: string) => {
  await k.db.query(`update person_emails set verified_at = now() where email = $1`, [email]);
};

describe('a merge never crosses customers (finding 7)', () => {
  it('refuses to merge one organization’s ticket into another’s, and B’s customer never sees A’s conversation', async () => {
    const a = (await k.admin.post('/api/v1/organizations', { name: 'Merge A' })).body;
    const b = (await k.admin.post('/api/v1/organizations', { name: 'Merge B' })).body;
    await k.person({ name: 'Bea', email: 'bea@merge-b.test', password: 'Bea-pass-1234', organization_id: b.id });
    const ta = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'A secret',
        body: 'our card ends 4242',
        organization_id: a.id,
        requester_email: 'al@merge-a.test',
      })
    ).body;
    const tb = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'B issue',
        body: 'hello',
        organization_id: b.id,
        requester_email: 'bea@merge-b.test',
      })
    ).body;

    const r = await k.admin.post(`/api/v1/tickets/${ta.id}/merge`, { target_id: tb.id });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('unprocessable');
    expect(r.body.error.message).toMatch(/different organizations/);
    expect(r.body.error.message).toContain(`#${ta.number}`);
    expect(r.body.error.details).toMatchObject({ field: 'target_id' });

    const bea = await k.signIn('bea@merge-b.test', 'Bea-pass-1234');
    const seen = (await bea.get(`/api/v1/tickets/${tb.id}/messages`)).body.data.map((m: { body: string }) => m.body);
    expect(seen).toEqual(['hello']);
    expect((await k.admin.get(`/api/v1/tickets/${ta.id}`)).body.merged_into_id).toBeNull();
  });

  it('merges within one organization, and between organization-less tickets of the same requester only', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Merge Same' })).body;
    const t1 = (
      await k.admin.post('/api/v1/tickets', { subject: 'one', body: 'x', organization_id: org.id, requester_email: 'x1@merge-same.test' })
    ).body;
    const t2 = (
      await k.admin.post('/api/v1/tickets', { subject: 'two', body: 'y', organization_id: org.id, requester_email: 'x2@merge-same.test' })
    ).body;
    expect((await k.admin.post(`/api/v1/tickets/${t1.id}/merge`, { target_id: t2.id })).status).toBe(200);

    const g1 = (await k.admin.post('/api/v1/tickets', { subject: 'g1', body: 'x', requester_email: 'gus@nowhere.test' })).body;
    const g2 = (await k.admin.post('/api/v1/tickets', { subject: 'g2', body: 'x', requester_email: 'gus@nowhere.test' })).body;
    const h = (await k.admin.post('/api/v1/tickets', { subject: 'h', body: 'x', requester_email: 'hal@elsewhere.test' })).body;
    expect(g1.organization_id).toBeNull();
    expect(h.organization_id).toBeNull();
    expect((await k.admin.post(`/api/v1/tickets/${g1.id}/merge`, { target_id: h.id })).status).toBe(422);
    expect((await k.admin.post(`/api/v1/tickets/${g1.id}/merge`, { target_id: t2.id })).status).toBe(422);
    expect((await k.admin.post(`/api/v1/tickets/${g1.id}/merge`, { target_id: g2.id })).status).toBe(200);
  });
});

describe('the entry point sets the channel (finding 8)', () => {
  it('a customer cannot claim a channel their plan does not include', async () => {
    await k.admin.post('/api/v1/presets/tiered-support/apply', {});
    const pro = (await k.admin.post('/api/v1/organizations', { name: 'Channel Pro', plan_id: await planId('Pro') })).body;
    await k.person({ name: 'Cid', email: 'cid@channel-pro.test', password: 'Cid-pass-1234', organization_id: pro.id });
    await verified('cid@channel-pro.test');
    const cid = await k.signIn('cid@channel-pro.test', 'Cid-pass-1234');
    for (const channel of ['emergency_phone', 'chat', 'phone', 'email', 'web']) {
      const r = await cid.post('/api/v1/tickets', { subject: 'Site down', body: 'help', priority: 'P1', channel });
      expect(r.status, channel).toBe(403);
      expect(r.body.error.details).toMatchObject({ field: 'channel' });
    }
    expect((await cid.get('/api/v1/tickets')).body.data).toEqual([]);
    const ok = await cid.post('/api/v1/tickets', { subject: 'Site down', body: 'help', priority: 'P1' });
    expect(ok.status).toBe(201);
    expect(ok.body.channel).toBe('web');
    // Staff log calls on the channel they took them on.
    const call = await k.admin.post('/api/v1/tickets', {
      subject: 'Call',
      body: 'logged',
      requester_email: 'cid@channel-pro.test',
      channel: 'phone',
      override_entitlement: true,
    });
    expect(call.status).toBe(201);
    expect(call.body.channel).toBe('phone');
  });
});

describe('smaller leaks (finding 14)', () => {
  it('organization notes are for staff only', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Noted', notes: 'late payer; be firm' })).body;
    await k.person({ name: 'Nia', email: 'nia@noted.test', password: 'Nia-pass-1234', organization_id: org.id });
    const nia = await k.signIn('nia@noted.test', 'Nia-pass-1234');
    expect(JSON.stringify((await nia.get(`/api/v1/organizations/${org.id}`)).body)).not.toContain('late payer');
    expect(JSON.stringify((await nia.get('/api/v1/organizations')).body)).not.toContain('late payer');
    expect((await k.admin.get(`/api/v1/organizations/${org.id}`)).body.notes).toBe('late payer; be firm');
  });

  it('a refusal does not name another organization’s asset', async () => {
    const a = (await k.admin.post('/api/v1/organizations', { name: 'Asset Owner' })).body;
    const b = (await k.admin.post('/api/v1/organizations', { name: 'Asset Prober' })).body;
    const asset = (await k.admin.post(`/api/v1/organizations/${a.id}/assets`, { kind: 'domain', name: 'hidden-owner.example' })).body;
    await k.person({ name: 'Pru', email: 'pru@prober.test', password: 'Pru-pass-1234', organization_id: b.id });
    await verified('pru@prober.test');
    const pru = await k.signIn('pru@prober.test', 'Pru-pass-1234');
    const foreign = await pru.post('/api/v1/tickets', { subject: 's', body: 'b', asset_id: asset.id });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain('hidden-owner');
    // An id that does not exist gets the same answer, so ids cannot be probed either.
    const missing = await pru.post('/api/v1/tickets', { subject: 's', body: 'b', asset_id: 987654 });
    expect(missing.status).toBe(403);
    expect(missing.body.error.message.replace('987654', String(asset.id))).toBe(foreign.body.error.message);
    const mine = (await pru.post('/api/v1/tickets', { subject: 's', body: 'b' })).body;
    const patch = await k.admin.patch(`/api/v1/tickets/${mine.id}`, { asset_id: asset.id });
    expect(patch.status).toBe(403);
    expect(JSON.stringify(patch.body)).not.toContain('hidden-owner');
  });

  it('message_count counts what the reader may see', async () => {
    const org = (await k.admin.post('/api/v1/organizations', { name: 'Counted' })).body;
    await k.person({ name: 'Cal', email: 'cal@counted.test', password: 'Cal-pass-1234', organization_id: org.id });
    const t = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'count',
        body: 'first',
        organization_id: org.id,
        requester_email: 'cal@counted.test',
      })
    ).body;
    await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'note one', internal: true });
    await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'note two', internal: true });
    await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: 'public reply' });
    const cal = await k.signIn('cal@counted.test', 'Cal-pass-1234');
    expect((await cal.get(`/api/v1/tickets/${t.id}`)).body.message_count).toBe(2);
    expect((await cal.get('/api/v1/tickets')).body.data[0].message_count).toBe(2);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.message_count).toBe(4);
    // A merge carries both counts.
    const other = (
      await k.admin.post('/api/v1/tickets', {
        subject: 'more',
        body: 'second',
        organization_id: org.id,
        requester_email: 'cal@counted.test',
      })
    ).body;
    await k.admin.post(`/api/v1/tickets/${other.id}/messages`, { body: 'note three', internal: true });
    await k.admin.post(`/api/v1/tickets/${other.id}/merge`, { target_id: t.id });
    expect((await cal.get(`/api/v1/tickets/${t.id}`)).body.message_count).toBe(3);
    expect((await k.admin.get(`/api/v1/tickets/${t.id}`)).body.message_count).toBe(6);
  });

  it('agents cannot grant add-ons such as premium; admins can', async () => {
    await k.person({ name: 'Ada Agent', email: 'ada@kefu.test', password: 'Ada-pass-1234', role: 'agent' });
    const ada = await k.signIn('ada@kefu.test', 'Ada-pass-1234');
    const created = await ada.post('/api/v1/organizations', { name: 'Sneaky Premium', addons: ['premium'] });
    expect(created.status).toBe(403);
    const plain = (await ada.post('/api/v1/organizations', { name: 'Plain Co' })).body;
    expect(plain.addons).toEqual([]);
    expect((await ada.patch(`/api/v1/organizations/${plain.id}`, { addons: ['premium'] })).status).toBe(403);
    expect((await k.admin.get(`/api/v1/organizations/${plain.id}`)).body.addons).toEqual([]);
    expect((await k.admin.patch(`/api/v1/organizations/${plain.id}`, { addons: ['premium'] })).body.addons).toEqual(['premium']);
  });
});

describe('an unverified address does not say who a requester is', () => {
  it('an agent opening a ticket by an address someone added but never verified is asked to pick the person', async () => {
    await k.person({ name: 'Mal', email: 'mal@elsewhere.test', password: 'Mal-pass-12345' });
    await verified('mal@elsewhere.test');
    const mal = await k.signIn('mal@elsewhere.test', 'Mal-pass-12345');
    const me = (await mal.get('/api/v1/me')).body;
    expect(
      (await mal.patch(`/api/v1/people/${me.id}`, { add_emails: ['newbie@bcorp.test'], current_password: 'Mal-pass-12345' })).status,
    ).toBe(200);
    const r = await k.admin.post('/api/v1/tickets', {
      subject: 'Your invoice',
      body: 'card ends 4242',
      requester_email: 'newbie@bcorp.test',
      override_entitlement: true,
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toMatchObject({ field: 'requester_email' });
    expect((await mal.get('/api/v1/tickets')).body.data).toEqual([]);
    // A verified address still finds its person.
    const ok = await k.admin.post('/api/v1/tickets', {
      subject: 'Hello',
      body: 'x',
      requester_email: 'mal@elsewhere.test',
      override_entitlement: true,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.requester_id).toBe(me.id);
  });
});
