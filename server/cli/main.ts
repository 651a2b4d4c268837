import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { DataDirInUseError } from '../db/lock.ts';
import { connect, type ApiClient } from './apiClient.ts';
import { CliError, USAGE, UsageError } from './args.ts';
import { parseBackup, runBackup } from './backup.ts';
import { processIo, type Io } from './io.ts';
import { missingDatabaseMessage } from './localDatabase.ts';
import { parseMigrate, runMigrate } from './migrate.ts';
import { parsePersonCreate, personCreate } from './person.ts';
import { parsePresetApply, presetApply } from './preset.ts';
import { parseRestore, runRestore } from './restore.ts';
import { parseExport, parseImport, ticketsExport, ticketsImport } from './tickets.ts';
import { parseTokenCreate, tokenCreate } from './token.ts';

interface Command<T> {
  parse(args: string[]): T;
  /** Through Kefu's API: the running server's, or Kefu booted in this process. */
  run?(api: ApiClient, opts: T, io: Io): Promise<number>;
  /** On the database itself, without booting Kefu (backup: nothing is migrated first; restore: into an empty target). */
  local?(config: Config, opts: T, io: Io): Promise<number>;
}
const command = <T>(parse: (args: string[]) => T, run: (api: ApiClient, opts: T, io: Io) => Promise<number>): Command<T> => ({
  parse,
  run,
});
const local = <T>(parse: (args: string[]) => T, run: (config: Config, opts: T, io: Io) => Promise<number>): Command<T> => ({
  parse,
  local: run,
});
/** Commands that go where no Kefu database is yet. */
const CREATES_DATABASE = new Set(['migrate', 'restore']);

/** `kefu <group> <verb>` (or a single word), each parsed before anything is opened so a bad flag costs nothing. */
const COMMANDS: Record<string, Command<any>> = {
  migrate: command(parseMigrate, runMigrate),
  'person create': command(parsePersonCreate, personCreate),
  'token create': command(parseTokenCreate, tokenCreate),
  'tickets export': command(parseExport, ticketsExport),
  'tickets import': command(parseImport, ticketsImport),
  'preset apply': command(parsePresetApply, presetApply),
  backup: local(parseBackup, runBackup),
  restore: local(parseRestore, runRestore),
};
const GROUPS = new Set(
  Object.keys(COMMANDS)
    .filter((k) => k.includes(' '))
    .map((k) => k.split(' ')[0]),
);

function find(args: string[]): { name: string; rest: string[] } {
  const [first, second] = args;
  if (COMMANDS[first]) return { name: first, rest: args.slice(1) };
  if (GROUPS.has(first)) {
    const name = `${first} ${second ?? ''}`.trim();
    if (second && !second.startsWith('-') && COMMANDS[name]) return { name, rest: args.slice(2) };
    const verbs = Object.keys(COMMANDS)
      .filter((k) => k.startsWith(`${first} `))
      .map((k) => `kefu ${k}`);
    throw new UsageError(
      second && !second.startsWith('-')
        ? `unknown command '${name}' (did you mean ${verbs.join(' or ')}?)`
        : `'${first}' needs a command: ${verbs.join(', ')}`,
    );
  }
  throw new UsageError(`unknown command '${first}'`);
}

/** Runs one CLI invocation and returns its exit code: 0 done, 1 failed, 2 bad command line or configuration. */
export async function main(args: string[], io: Io = processIo): Promise<number> {
  if (!args.length || ['help', '--help', '-h'].includes(args[0])) {
    io.out(USAGE);
    return 0;
  }
  let api: ApiClient | null = null;
  try {
    const { name, rest } = find(args);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    const cmd = COMMANDS[name];
    const opts = cmd.parse(rest);
    const config = loadConfig();
    const missing = CREATES_DATABASE.has(name) ? null : missingDatabaseMessage(config, args);
    if (missing) {
      io.err(`kefu: ${missing}\n`);
      return 2;
    }
    if (cmd.local) return await cmd.local(config, opts, io);
    api = await connect(config, {
      onWait: (busy) =>
        io.err(
          `kefu: ${config.dataDir} is in use by another Kefu process (pid ${busy.pid}) that is not serving HTTP yet; waiting up to 30 s…\n`,
        ),
    });
    return await cmd.run!(api, opts, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kefu: ${e.message}\nRun 'kefu help' for usage.\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(`kefu: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CliError || e instanceof DataDirInUseError) {
      io.err(`kefu: ${e.message}\n`);
      return 1;
    }
    io.err(`kefu: ${process.env.KEFU_DEBUG ? (e as Error).stack : ((e as Error)?.message ?? String(e))}\n`);
    return 1;
  } finally {
    await api?.close().catch((e) => io.err(`kefu: while closing: ${(e as Error).message}\n`));
  }
}

/** The process entry (bin/kefu.js): run, let stdout and stderr drain, exit with the code. */
export async function runCli(argv: string[] = process.argv): Promise<never> {
  const code = await main(argv.slice(2));
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runCli();
