import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, type Access } from './accessTable.ts';
import { securityKefu, type SecurityKefu } from './securityKefu.ts';

/**
 * The authorization matrix, derived from the OpenAPI document: every operation × {anonymous,
 * customer of another organization, customer, agent, admin} × {plain path, percent-encoded path},
 * then a malformed-input pass. A new operation without an entry in accessTable.ts fails here.
 *
 * What is asserted of every answer: never a 5xx; errors in the one shape; anonymous callers get 401
 * on anything not public; customers get a 4xx from staff operations, agents from admin ones; the
 * customer of another organization never gets a 2xx on organization A's records and never reads
 * any of A's text; the customer never reads an internal note.
 */
let k: SecurityKefu;
type Op = { method: string; path: string; op: any };
const ops: Op[] = [];
const SECRET = 'Qzx7Secret'; // in A's organization, ticket, asset, customer and note
const NOTE = 'Nvq4InternalOnly'; // staff only: in an internal note on A's ticket and in A's organization notes
const ids: Record<string, string> = {};
const spare = { token: '', session: 0 };

type Who = 'anonymous' | 'other_customer' | 'customer' | 'agent' | 'admin';
type Headers = Record<string, string>;
const callers: Record<Who, { headers: () => Promise<Headers> }> = {} as never;

const encoded = (url: string) =>
  url
    .replace('/api/', '/%61pi/')
    .replace(/\/([a-z])([a-z-]*)(?=\/|\?|$)/, (_m, a: string, rest: string) => `/%${a.charCodeAt(0).toString(16)}${rest}`);

async function send(method: string, url: string, headers: Headers, payload?: string, contentType = 'application/json') {
  const r = await k.kefu.app.inject({
    method: method as 'GET',
    url,
    headers: { ...headers, ...(payload !== undefined ? { 'content-type': contentType } : {}) },
    payload,
  });
  let body: any = r.body;
  try {
    body = JSON.parse(r.body);
  } catch {
    /* not JSON */
  }
  return { status: r.statusCode, body, text: r.body };
}

/** A value that satisfies a JSON schema (required properties only), for calls that should pass validation. */
function sample(s: any, key = ''): unknown {
  if (!s) return {};
  if (s.anyOf || s.oneOf) return sample((s.anyOf ?? s.oneOf).find((x: any) => x.type !== 'null') ?? (s.anyOf ?? s.oneOf)[0], key);
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  switch (s.type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((p: string) => [p, sample(s.properties?.[p], p)]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, key));
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string': {
      if (s.format === 'email' || /email/.test(key)) return `matrix-${Math.random().toString(36).slice(2, 8)}@matrix.test`;
      if (s.format === 'date-time') return new Date().toISOString();
      if (/password/.test(key)) return 'Matrix-pass-12345';
      return 'matrix'.padEnd(s.minLength ?? 1, 'x').slice(0, s.maxLength ?? 100);
    }
    default:
      return {};
  }
}

function urlFor(o: Op, query = ''): string {
  const path = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const res = o.path.split('/')[3];
    return ids[`${res}.${name}`] ?? ids[name] ?? '999999';
  });
  return path + query;
}

const bodyOf = (o: Op) => o.op.requestBody?.content?.['application/json']?.schema;
const isPublic = (o: Op) => Array.isArray(o.op.security) && o.op.security.length === 0;
const key = (o: Op) => `${o.method} ${o.path}`;

beforeAll(async () => {
  k = await securityKefu();
  const doc = (await k.admin.get('/api/v1/openapi.json')).body;
  for (const [path, methods] of Object.entries<any>(doc.paths))
    for (const [method, op] of Object.entries<any>(methods)) ops.push({ method: method.toUpperCase(), path, op });

  // Organization A with a customer, an asset, a ticket with an internal note and an attachment; organization B with its own customer.
  const a = (await k.admin.post('/api/v1/organizations', { name: `Org ${SECRET}`, notes: `notes ${NOTE} ${SECRET}` })).body;
  const b = (await k.admin.post('/api/v1/organizations', { name: 'Org Bravo' })).body;
  const cust = await k.person({ name: `Cust ${SECRET}`, email: 'cust@alpha.test', password: 'Cust-pass-12345', organization_id: a.id });
  await k.person({ name: 'Other Bravo', email: 'other@bravo.test', password: 'Other-pass-12345', organization_id: b.id });
  const agent = await k.person({ name: 'Agent Matrix', email: 'agent@kefu.test', password: 'Agent-pass-12345', role: 'agent' });
  await k.db.query(`update person_emails set verified_at = now()`);
  const asset = (await k.admin.post(`/api/v1/organizations/${a.id}/assets`, { kind: 'domain', name: `${SECRET.toLowerCase()}.example` }))
    .body;
  const t = (
    await k.admin.post('/api/v1/tickets', {
      subject: `Ticket ${SECRET}`,
      body: `body ${SECRET}`,
      organization_id: a.id,
      requester_id: cust,
      asset_id: asset.id,
      attachments: [{ filename: 'a.txt', content_type: 'text/plain', data_base64: Buffer.from(`file ${SECRET}`).toString('base64') }],
    })
  ).body;
  await k.admin.post(`/api/v1/tickets/${t.id}/messages`, { body: `note ${NOTE} ${SECRET}`, internal: true });
  const msgs = (await k.admin.get(`/api/v1/tickets/${t.id}/messages`)).body.data;
  const group = (await k.admin.post('/api/v1/groups', { name: 'Matrix group' })).body;
  const plans = (await k.admin.get('/api/v1/plans')).body.data;
  const cal = (await k.admin.get('/api/v1/calendars')).body.data?.[0];
  const policy = (await k.admin.get('/api/v1/sla-policies')).body.data?.[0];
  Object.assign(ids, {
    'tickets.id': String(t.id),
    'organizations.id': String(a.id),
    assetId: String(asset.id),
    'people.id': String(cust),
    'attachments.id': String(msgs[0].attachments?.[0]?.id ?? 999999),
    'messages.id': String(msgs[0].id),
    'groups.id': String(group.id),
    'plans.id': String(plans?.[0]?.id ?? 999999),
    'calendars.id': String(cal?.id ?? 999999),
    'sla-policies.id': String(policy?.id ?? 999999),
    name: 'no-such-preset',
    key: 'no-such-key',
    token: 'kfg_not_a_token',
    'me.id': '999999',
    'tokens.id': '999999',
    'support-addresses.id': '999999',
    'mailboxes.id': '999999',
    'inbound.id': '999999',
  });
  void agent;
  void spare;

  const session = async (email: string, password: string): Promise<Headers> => {
    const r = await k.login({ email, password }, `10.55.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
    if (r.status !== 200) throw new Error(`sign in ${email}: ${JSON.stringify(r.body)}`);
    const set = ([] as string[]).concat(r.headers['set-cookie'] as string[] | string);
    return { cookie: set.find((c) => c.startsWith('kefu_session='))!.split(';')[0], origin: 'http://localhost' };
  };
  const cached = (email: string, password: string) => {
    let h: Headers | null = null;
    return {
      headers: async () => {
        if (!h || (await send('GET', '/api/v1/me', h)).status === 401) h = await session(email, password);
        return h;
      },
    };
  };
  callers.anonymous = { headers: async () => ({}) };
  callers.other_customer = cached('other@bravo.test', 'Other-pass-12345');
  callers.customer = cached('cust@alpha.test', 'Cust-pass-12345');
  callers.agent = cached('agent@kefu.test', 'Agent-pass-12345');
  const adminToken = (await k.adminSession.post('/api/v1/tokens', { name: 'matrix' })).body.token as string;
  callers.admin = { headers: async () => ({ authorization: `Bearer ${adminToken}` }) };
});
afterAll(async () => {
  await k?.stop();
});

/** Not the one error shape `{"error": {"code", "message"}}`. */
const badShape = (r: { body: any }) => typeof r.body?.error?.code !== 'string' || typeof r.body?.error?.message !== 'string';

/** Whether a caller at this level should be refused the operation outright. */
function refused(who: Who, access: Access): boolean {
  const rank: Record<Who, number> = { anonymous: 0, other_customer: 1, customer: 1, agent: 2, admin: 3 };
  const need = { public: 0, person: 1, staff: 2, admin: 3 }[access.level];
  return rank[who] < need;
}

describe('authorization matrix', () => {
  it('every operation in the OpenAPI document has an expected access level', () => {
    expect(ops.length).toBeGreaterThan(70);
    const missing = ops.map(key).filter((x) => !ACCESS[x]);
    expect(missing, 'add these to test/security/accessTable.ts').toEqual([]);
    const stale = Object.keys(ACCESS).filter((x) => !ops.some((o) => key(o) === x));
    expect(stale, 'operations no longer in the API').toEqual([]);
    for (const o of ops) expect(isPublic(o), `${key(o)} public in OpenAPI vs table`).toBe(ACCESS[key(o)].level === 'public');
  });

  for (const who of ['anonymous', 'other_customer', 'customer', 'agent', 'admin'] as Who[]) {
    it(`as ${who}: every operation, plain and percent-encoded, answers as its access level says`, async () => {
      const problems: string[] = [];
      for (const o of ops) {
        const access = ACCESS[key(o)];
        if (!access) continue;
        const schema = bodyOf(o);
        const ndjson = !!o.op.requestBody?.content?.['application/x-ndjson'];
        const payload = schema
          ? JSON.stringify(sample(schema))
          : ndjson
            ? ''
            : o.method === 'GET' || o.method === 'DELETE'
              ? undefined
              : '{}';
        for (const url of [urlFor(o), encoded(urlFor(o))]) {
          const label = `${who} ${o.method} ${url}`;
          const r = await send(o.method, url, await callers[who].headers(), payload, ndjson ? 'application/x-ndjson' : 'application/json');
          if (r.status >= 500) {
            problems.push(`${label} → ${r.status} ${r.text.slice(0, 200)}`);
            continue;
          }
          if (r.status >= 400 && badShape(r)) problems.push(`${label} → ${r.status} not in the one error shape: ${r.text.slice(0, 120)}`);
          if (who === 'anonymous' && access.level !== 'public' && r.status !== 401) problems.push(`${label} → ${r.status}, expected 401`);
          if (who !== 'anonymous' && refused(who, access) && r.status < 400)
            problems.push(`${label} → ${r.status}, expected a refusal (${access.level} only)`);
          if (who === 'other_customer' && access.scoped && r.status < 400)
            problems.push(`${label} → ${r.status} on organization A's record`);
          if (who === 'other_customer' && r.text.includes(SECRET)) problems.push(`${label} → leaks organization A's text`);
          if ((who === 'customer' || who === 'other_customer' || who === 'anonymous') && r.text.includes(NOTE))
            problems.push(`${label} → leaks an internal note`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('malformed input', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const bodies = (schema: any): Array<[string, string]> => {
    const good = sample(schema) as Record<string, unknown>;
    const props = Object.keys(schema?.properties ?? {});
    const out: Array<[string, string]> = [
      ['bad JSON', '{"subject": '],
      ['an array', '[]'],
      ['a string', '"x"'],
      ['null', 'null'],
      ['a number', '42'],
      ['deep nesting', `{"fields": ${deep(5000)}}`],
    ];
    for (const p of props) {
      const t = schema.properties[p];
      const takesObject = (x: any): boolean =>
        !x || x.type === 'object' || (x.type === undefined && !x.enum) || (x.anyOf ?? x.oneOf ?? []).some(takesObject);
      if (!takesObject(t)) out.push([`${p} as an object`, JSON.stringify({ ...good, [p]: { nested: { a: 1 } } })]);
      out.push([
        `${p} nested deep`,
        `{${Object.entries(good)
          .filter(([x]) => x !== p)
          .map(([x, v]) => `${JSON.stringify(x)}: ${JSON.stringify(v)}, `)
          .join('')}${JSON.stringify(p)}: ${deep(200)}}`,
      ]);
      if (t?.type === 'string' || t?.anyOf || t?.type === undefined) {
        out.push([`${p} with NUL`, JSON.stringify({ ...good, [p]: 'a\u0000b' })]);
        if (p !== 'data_base64') out.push([`${p} huge`, JSON.stringify({ ...good, [p]: 'x'.repeat(1_100_000) })]);
      }
    }
    return out;
  };

  it('bad JSON, wrong types, NUL, deep nesting and huge strings get a 4xx in the one shape, for every operation with a body', async () => {
    const problems: string[] = [];
    for (const who of ['admin', 'customer'] as Who[]) {
      for (const o of ops.filter((x) => bodyOf(x))) {
        for (const [what, payload] of bodies(bodyOf(o))) {
          const r = await send(o.method, urlFor(o), await callers[who].headers(), payload);
          const label = `${who} ${o.method} ${o.path} with ${what}`;
          if (r.status < 400 || r.status >= 500) problems.push(`${label} → ${r.status} ${r.text.slice(0, 160)}`);
          else if (badShape(r)) problems.push(`${label} → not in the one error shape`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('query strings and paths: NUL, odd cursors, bad numbers, bad encoding, over-long parameters, unknown routes', async () => {
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const odd = [
      '%00',
      'a%00b',
      cursor([{ a: 1 }, [2]]),
      cursor([1e308, 'x']),
      cursor(['2026-01-01', null]),
      cursor([null, null, null, null, null]),
      cursor('x'),
      'not-base64!!',
      cursor([['x'], { y: 1 }]),
    ];
    const problems: string[] = [];
    const h = await callers.admin.headers();
    for (const o of ops.filter((x) => x.method === 'GET')) {
      const params = (o.op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name as string);
      const tries = params.flatMap((p: string) =>
        p === 'cursor'
          ? odd.map((v) => `${p}=${encodeURIComponent(v).replace('%2500', '%00')}`)
          : [`${p}=%00`, `${p}=${'9'.repeat(40)}`, `${p}=-1`, `${p}=%7B%7D`],
      );
      for (const q of tries) {
        const r = await send('GET', `${urlFor(o)}?${q}`, h);
        const label = `GET ${o.path}?${q.slice(0, 80)}`;
        if (r.status >= 500) problems.push(`${label} → ${r.status} ${r.text.slice(0, 160)}`);
        else if (r.status >= 400 && badShape(r)) problems.push(`${label} → not in the one error shape`);
      }
    }
    for (const url of [
      '/api/v1/tickets/%E0%A4%A',
      '/api/v1/tickets/%',
      `/api/v1/tickets/${'1'.repeat(500)}`,
      '/api/v1/nothing-here',
      '/%61pi/v1/nothing-here',
      '/api/v1/tickets/1%00',
      `/api/v1/guest/tickets/${'x'.repeat(5000)}`,
    ]) {
      const r = await send('GET', url, h);
      if (r.status < 400 || r.status >= 500 || badShape(r)) problems.push(`GET ${url.slice(0, 60)} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    const preview = {
      calendar: { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']] } },
      op: 'due',
      start: '9999-12-31T00:00:00Z',
      minutes: 100_000,
    };
    // No opening is left before the year 10000: a plain answer, not an error.
    const last = await send('POST', '/api/v1/calendars/preview', h, JSON.stringify({ ...preview, op: 'next_open' }));
    if (last.status !== 200 || last.body.next_open !== null)
      problems.push(`preview next_open at 9999-12-31 → ${last.status} ${last.text.slice(0, 120)}`);
    for (const body of [
      preview,
      { ...preview, start: '+275760-01-01T00:00:00Z' },
      { ...preview, minutes: 1e300 },
      { ...preview, start: '0001-01-01T00:00:00Z' },
    ]) {
      const r = await send('POST', '/api/v1/calendars/preview', h, JSON.stringify(body));
      if (r.status < 400 || r.status >= 500 || badShape(r))
        problems.push(`preview ${JSON.stringify(body).slice(-60)} → ${r.status} ${r.text.slice(0, 120)}`);
    }
    expect(problems).toEqual([]);
  });
});
