import { expect, it } from 'vitest';
import { testKefu } from '../helpers/testKefu.ts';
import { bearer, connectReady } from './liveHelpers.ts';

/**
 * docs/live.md: a server that stops closes its live sockets with 1001 "server stopping", so clients
 * reconnect (to another instance) with `?after=`. They used to get 1005 (no code): the WebSocket
 * plugin closed them before the gateway could say why.
 */
it('stopping the server closes live sockets with 1001 server stopping', async () => {
  const k = await testKefu();
  await k.kefu.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (k.kefu.app.server.address() as { port: number }).port;
  const token = (await k.adminSession.post('/api/v1/tokens', { name: 'live stop' })).body.token as string;
  const c = await connectReady(`ws://127.0.0.1:${port}/api/v1/live`, bearer(token));
  await k.stop();
  expect(await c.closed).toEqual({ code: 1001, reason: 'server stopping' });
});
