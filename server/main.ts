import { ConfigError, loadConfig } from './config.ts';
import { DataDirInUseError } from './db/lock.ts';
import { bootKefu } from './boot.ts';
import { bootstrapAdmin } from './modules/auth/setup.ts';

async function main() {
  const config = loadConfig();
  const kefu = await bootKefu(config, { logger: { level: config.logLevel } });
  const log = kefu.app.log;
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  const admin = await bootstrapAdmin(kefu.db, { email: config.adminEmail, password: config.adminPassword });
  if (admin.kind === 'created') log.info(`Created the first admin ${admin.email}`);
  if (admin.kind === 'link')
    log.warn(`No admin yet. Open this one-time setup link to create one (valid 24 h): ${base}/setup?token=${admin.token}`);

  await kefu.app.listen({ port: config.port, host: config.host });
  const port = (kefu.app.server.address() as { port: number }).port;
  kefu.lock?.update({ port, secret: kefu.localSecret });
  log.info(
    `Kefu is serving on http://localhost:${port} (${kefu.db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}); API docs at /api/v1/docs`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await kefu.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof DataDirInUseError || e instanceof ConfigError) {
    process.stderr.write(`kefu: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`kefu: failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
