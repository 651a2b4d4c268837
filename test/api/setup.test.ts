import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../server/modules/auth/setup.ts';
import { testKefu, type TestKefu } from '../helpers/testKefu.ts';

/** The setup page asks whether Kefu still needs its first admin, and says "already set up" afterwards. */
let k: TestKefu;
beforeAll(async () => {
  k = await testKefu();
});
afterAll(async () => k?.stop());

it('GET /auth/setup says whether the first admin is still to be created, to anyone, and the link works once', async () => {
  expect((await k.anon.get('/api/v1/auth/setup')).body).toEqual({ needed: false });
  // A desk whose only admin was demoted (a fresh database has none): the setup link is printed again.
  await k.db.query(`update people set role = 'agent' where role = 'admin'`);
  expect((await k.anon.get('/api/v1/auth/setup')).body).toEqual({ needed: true });
  const boot = await bootstrapAdmin(k.db, {});
  expect(boot.kind).toBe('link');
  const token = (boot as { token: string }).token;
  // Set up from a Chinese browser: the first admin's mail is in Chinese.
  const first = await k.anon.post('/api/v1/auth/setup', {
    token,
    name: '张管理',
    email: 'root@kefu.test',
    password: 'Root-pass-12345',
    locale: 'zh-CN',
  });
  expect(first.status).toBe(201);
  expect(first.body.person.locale).toBe('zh-CN');
  const created = await k.db.query<{ data: unknown }>(`select data from audit_log where type = 'person.created' and person_id = $1`, [
    first.body.person.id,
  ]);
  expect(created.map((r) => r.data)).toEqual([{ role: 'admin', via: 'setup' }]);
  expect((await k.anon.get('/api/v1/auth/setup')).body).toEqual({ needed: false });
  const again = await k.anon.post('/api/v1/auth/setup', { token, name: 'Eve', email: 'eve@evil.test', password: 'Eve-pass-12345' });
  expect(again.status).toBe(400);
});
