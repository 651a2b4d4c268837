import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/**
 * One log line per request (docs/operations.md, Logs), written when the answer has gone out:
 * `{"level":30,…,"reqId":"…","msg":"request","method":"GET","route":"/api/v1/tickets/:id","status":200,"duration_ms":3.2,"principal":12}`.
 *
 * What is logged is the matched route's *pattern*, never the URL: no query string (`?token=`,
 * `?access_token=`), and no path either, since guest and satisfaction links carry their secret in
 * the path (`/guest/tickets/:token`). No headers (tokens, cookies), no bodies. `principal` is the
 * signed-in person's id (`local` for the operator's CLI), absent when anonymous. Liveness,
 * readiness and successful metrics scrapes are logged at `debug` (a load balancer and Prometheus
 * call them every few seconds), so the default level `info` leaves them out.
 *
 * Only the server process logs: tests build the app with `logger: false`, which makes this silent.
 */
export function installRequestLog(app: FastifyInstance) {
  app.addHook('onResponse', async (req, reply) => {
    const config = req.routeOptions.config;
    const quiet = (config?.noDb || config?.metrics) && reply.statusCode < 400;
    const p = req.principal;
    const line = {
      method: req.method,
      route: req.routeOptions.url ?? null,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(p ? { principal: p.personId ?? p.via } : {}),
    };
    if (quiet) req.log.debug(line, 'request');
    else req.log.info(line, 'request');
  });
  // The id in the log line, also in the answer so a person can quote it.
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A request id: the one a reverse proxy set in `X-Request-Id` when it is well-formed, else a fresh random one. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && INCOMING_ID.test(given) ? given : randomBytes(8).toString('hex');
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId']);

/** One JSON log line as a person reads it: `12:03:04.567 INFO  GET /api/v1/tickets/:id 200 3.2 ms req=… principal=12`. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json);
  } catch {
    return json;
  }
  const time = new Date(typeof o.time === 'number' ? o.time : Date.now()).toISOString().slice(11, 23);
  const level = LEVELS[Number(o.level)] ?? String(o.level);
  const req = o.reqId ? ` req=${String(o.reqId)}` : '';
  if (o.msg === 'request' && o.method) {
    const who = o.principal !== undefined ? ` principal=${String(o.principal)}` : '';
    return `${time} ${level} ${String(o.method)} ${String(o.route ?? '(no route)')} ${String(o.status)} ${String(o.duration_ms)} ms${req}${who}`;
  }
  const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !OMIT.has(k)));
  return `${time} ${level} ${String(o.msg ?? '')}${req}${Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : ''}`;
}

/** A pino destination that writes each line through prettyLine (KEFU_LOG_FORMAT=pretty). */
export function prettyStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      pending += chunk.toString('utf8');
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        if (line) out.write(`${prettyLine(line)}\n`);
      }
      done();
    },
  });
}
