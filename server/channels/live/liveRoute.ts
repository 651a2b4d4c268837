import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import { bearerOf, fromOwnPages, requestLocale, SESSION_COOKIE } from '../../http/auth.ts';
import type { AppContext } from '../../http/context.ts';
import { CLOSE, LiveGateway, type LiveOptions, type LiveSocket } from './gateway.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The WebSocket endpoint: `?access_token=` is accepted as a bearer token (http/auth.ts). */
    live?: boolean;
  }
}

const query = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Resume: the id of the last event received; missed events are replayed (or `reload` is sent when there are too many)'),
  access_token: z.string().max(512).optional().describe('An API token, for clients that cannot set the Authorization header'),
});

/** Node handed this request to the 'upgrade' listener (`Connection: upgrade` with `Upgrade:`); its socket is ours. */
const isUpgrade = (req: FastifyRequest) => (req.raw as { upgrade?: boolean }).upgrade === true;

/** The credential the gate used, to check again on each heartbeat (a signed-out session ends its sockets). */
function credentialOf(req: FastifyRequest) {
  if (req.principal?.via === 'local') return undefined;
  const header = req.headers.authorization;
  const bearer = bearerOf(header) || (req.query as { access_token?: string }).access_token?.trim();
  return bearer ? { bearer } : { sessionToken: req.cookies?.[SESSION_COOKIE] };
}

/**
 * `GET /api/v1/live`: the live-updates WebSocket (docs/live.md). Registers `@fastify/websocket`
 * (client messages up to 4 KiB) and refuses WebSocket upgrades to any other route before its handler
 * runs. Register it after the other routes: the plugin wraps the handler of every route added after
 * it, and a wrapped route answers any upgrade request (`Upgrade: h2c` too) with a WebSocket handshake.
 * The gateway stops when the app closes, before the database does.
 */
export async function liveRoutes(app: FastifyInstance, ctx: AppContext, opts: Partial<LiveOptions> = {}): Promise<LiveGateway> {
  const gateway = new LiveGateway(ctx.db, app.log, opts);
  await app.register(websocket, {
    options: { maxPayload: 4096 },
    // The plugin's own preClose would close every socket without a code (1005): the gateway closes its
    // connections first with 1001 "server stopping" (docs/live.md), then any other, then the server.
    preClose(this: FastifyInstance, done: () => void) {
      const server = this.websocketServer;
      void gateway.stop().finally(() => {
        for (const client of server.clients ?? []) client.close(CLOSE.goingAway, 'server stopping');
        server.close(() => done());
      });
    },
  });
  app.addHook('onRequest', async (req, reply) => {
    if (isUpgrade(req) && /websocket/i.test(String(req.headers.upgrade)) && req.routeOptions.config?.live !== true)
      return reply.code(404).send({ error: { code: 'not_found', message: t(requestLocale(req), 'channels.errors.websocket_live_only') } });
  });
  // A refused upgrade (401 from the gate, 403, 400) has been answered: end its socket, or it lingers
  // (@fastify/websocket ends it only when its own onRequest hook ran, which the gate's refusal skips).
  // The same for any other upgrade request (`Upgrade: h2c` from curl --http2) answered as plain HTTP:
  // its socket left the HTTP server's hands when Node emitted 'upgrade'.
  app.addHook('onResponse', async (req) => {
    if (isUpgrade(req)) req.raw.socket?.destroy();
  });
  app.addHook('onClose', async () => {
    await gateway.stop();
  });
  app.route({
    method: 'GET',
    url: '/api/v1/live',
    config: { live: true }, // wsHandler, not `websocket: true` (which would hide the route from OpenAPI and drop `handler`)
    schema: {
      tags: ['live'],
      querystring: query,
      summary: 'Live updates (WebSocket)',
      description: 'Upgrade to a WebSocket for pushed ticket events and presence; see docs/live.md. A plain GET answers 426.',
    },
    preHandler: async (req: FastifyRequest) => {
      // A cookie rides along on any page's WebSocket: only the desk's own pages may use it.
      if (req.principal?.via === 'session' && !fromOwnPages(req, ctx.config.publicUrl))
        throw new AppError('bad_origin', t(req.principal.locale, 'http.bad_origin'));
    },
    handler: async (req: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(426)
        .header('upgrade', 'websocket')
        .send({ error: { code: 'upgrade_required', message: t(requestLocale(req), 'channels.errors.websocket_upgrade_required') } }),
    wsHandler: (socket: LiveSocket, req: FastifyRequest) => {
      const q = req.query as z.infer<typeof query>;
      void gateway.accept(socket, { principal: req.principal!, credential: credentialOf(req), after: q.after });
    },
  } as never);
  return gateway;
}
