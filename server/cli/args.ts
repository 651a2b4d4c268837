import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command line: printed with a hint, exit code 2. */
export class UsageError extends Error {}
/** A failure to report as `kefu: <message>`, exit code 1 (API errors, unreadable files, …). */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into UsageErrors that name the command. */
export function parseCommand<O extends Options>(
  command: string,
  args: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
) {
  let r;
  try {
    r = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  const n = r.positionals.length;
  if (n < positionals.min) throw new UsageError(`${command}: missing ${positionals.names}`);
  if (n > positionals.max) throw new UsageError(`${command}: unexpected argument '${r.positionals[positionals.max]}'`);
  return r;
}

export function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${command}: --${name} is required`);
  return value;
}

/** Throws the API's error message (`{"error":{"message"}}`) for a non-2xx answer. */
export function check<T>(res: { status: number; body: T }): T {
  if (res.status >= 200 && res.status < 300) return res.body;
  const b = res.body as { error?: { message?: string } } | string | undefined;
  const message =
    typeof b === 'object' && b?.error?.message
      ? b.error.message
      : `the server answered HTTP ${res.status}${typeof b === 'string' && b ? `: ${b.slice(0, 200)}` : ''}`;
  throw new CliError(message);
}

export const USAGE = `Usage: kefu <command> [options]

Commands:
  migrate                                   Apply database migrations
  person create --name N --email E          Create a person; prints it as JSON (without --password,
         [--role customer|agent|admin]      an invitation link is included)
         [--org ID] [--password P]
  token create --email E [--name N]         Create an API token for that person; prints it once
  tickets export [--out FILE] [--since T]   Tickets as JSON lines (one ticket with its messages per line),
                                            oldest first; T is an ISO-8601 time
  tickets import FILE                       Import tickets from JSON lines (the export's format),
                                            keeping their times; bad lines are reported and skipped
  preset apply NAME                         Apply a configuration preset
  backup FILE                               Write a full backup (database, attachments, generated secret key)
                                            to FILE; embedded: a consistent snapshot, through the running
                                            server if there is one; PostgreSQL: pg_dump
  restore FILE                              Restore a backup into an empty data directory, or an empty
                                            database with DATABASE_URL (pg_restore); refuses anything else
  help                                      This text

When a Kefu server is running on the data directory (KEFU_DATA_DIR, default ./data), the
commands go through it; otherwise Kefu runs inside the command. With DATABASE_URL set
(PostgreSQL) the command always runs Kefu itself. Only migrate (and restore, from a backup)
creates a new database; the other commands refuse a data directory that holds none. backup and
restore never start Kefu: a backup is not migrated first, and a restored database is migrated
when Kefu next starts.

Exit codes: 0 done, 1 failed (or some import lines failed), 2 bad command line or settings.
`;
