// Signals first: a SIGTERM that arrives while Kefu is still starting must stop it cleanly, not kill it
// half-way through a migration. The rest of the server is imported after the handlers are in place.
import { Server as NetServer } from 'node:net';

const lifecycle = { draining: false };
let requested: NodeJS.Signals | null = null;
let onSignal: ((signal: NodeJS.Signals) => void) | null = null;
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    if (onSignal) onSignal(signal);
    else requested ??= signal;
  });

const { ConfigError, loadConfig } = await import('./config.ts');
const { DataDirInUseError } = await import('./db/lock.ts');
const { isDatabaseUnavailable } = await import('./db/unavailable.ts');
const { SecretKeyError } = await import('./modules/security/secretBox.ts');
const { bootKefu } = await import('./boot.ts');
const { bootstrapAdmin } = await import('./modules/auth/setup.ts');
const { prettyStream } = await import('./http/requestLog.ts');

async function main() {
  const config = loadConfig(process.env, process.stdout.isTTY === true);
  // JSON lines on stdout (docs/operations.md, Logs); readable lines on a terminal or with KEFU_LOG_FORMAT=pretty.
  const logger = { level: config.logLevel, ...(config.logFormat === 'pretty' ? { stream: prettyStream() } : {}) };
  const kefu = await bootKefu(config, { logger, lifecycle });
  const log = kefu.app.log;
  if (requested) {
    log.info(`${requested} received while starting: stopping`);
    await kefu.stop();
    process.exit(0);
  }
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  const admin = await bootstrapAdmin(kefu.db, { email: config.adminEmail, password: config.adminPassword });
  if (admin.kind === 'created') log.info(`Created the first admin ${admin.email}`);

  try {
    await kefu.app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await kefu.stop().catch(() => undefined);
    if ((e as { code?: string }).code === 'EADDRINUSE')
      throw new ConfigError(
        `port ${config.port} is in use by another program: set PORT to a free port (and HOST to the address to listen on)`,
      );
    throw e;
  }
  const port = (kefu.app.server.address() as { port: number }).port;
  // Only once this server listens: the link leads to it, not to whatever held the port.
  if (admin.kind === 'link')
    log.warn(`No admin yet. Open this one-time setup link to create one (valid 24 h): ${base}/setup?token=${admin.token}`);
  kefu.lock?.update({ port, secret: kefu.localSecret });
  log.info(
    `Kefu is serving on http://localhost:${port} (${kefu.db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}); API docs at /api/v1/docs`,
  );

  /**
   * The drain (docs/operations.md), KEFU_DRAIN_MS in all: readiness answers 503 at once and every
   * answer closes its connection. For the first third the listener still accepts — connections a
   * client opened just before (on a busy embedded database they can wait unaccepted) are served, not
   * reset — then it stops accepting, and requests on open connections finish in the rest of the time.
   * Then the remaining connections close, jobs in hand finish, and the database closes.
   */
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: draining for up to ${config.drainMs} ms, then stopping`);
    lifecycle.draining = true;
    const force = setTimeout(() => process.exit(1), config.drainMs + 15_000);
    force.unref();
    const server = kefu.app.server;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, config.drainMs / 3));
    await new Promise<void>((resolve) => {
      const done = setTimeout(resolve, Math.max(0, config.drainMs - (Date.now() - started)));
      // Stop accepting without http.Server#close, which would also close idle keep-alive connections at
      // once — and reset a request a client is sending on one right now.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(done);
        resolve();
      });
    });
    // Idle keep-alive connections (a browser's) and anything still running past the drain.
    server.closeAllConnections();
    await kefu.stop();
    log.info(`Stopped after ${Date.now() - started} ms.`);
    process.exit(0);
  };
  onSignal = (signal) => void stop(signal);
  if (requested) void stop(requested);
}

main().catch((e) => {
  // A setting to change: say which, and exit 2 (the systemd unit does not restart on it).
  if (e instanceof DataDirInUseError || e instanceof ConfigError || e instanceof SecretKeyError) {
    process.stderr.write(`kefu: ${e.message}\n`);
    process.exit(2);
  }
  // The database cannot be reached (yet): one line, and exit 1, so a supervisor tries again.
  if (isDatabaseUnavailable(e) || (e as { code?: string }).code === '3D000') {
    process.stderr.write(`kefu: cannot reach the database: ${(e as Error).message}\n`);
    process.exit(1);
  }
  process.stderr.write(`kefu: failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
