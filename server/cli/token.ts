import type { ApiClient } from './apiClient.ts';
import { check, CliError, parseCommand, required } from './args.ts';
import type { Io } from './io.ts';

interface PersonJson {
  id: number;
  name: string;
  email: string | null;
  emails: Array<{ email: string }>;
}

/** `kefu token create --email E [--name N]` */
export function parseTokenCreate(args: string[]) {
  const cmd = 'token create';
  const { values } = parseCommand(cmd, args, { email: { type: 'string' }, name: { type: 'string' } }, { min: 0, max: 0, names: '' });
  return { email: required(cmd, 'email', values.email).trim(), name: values.name?.trim() || 'kefu CLI' };
}

/** Finds the person by email (GET /people?q=), then creates the token for them. The token goes to stdout, alone. */
export async function tokenCreate(api: ApiClient, o: ReturnType<typeof parseTokenCreate>, io: Io): Promise<number> {
  const want = o.email.toLowerCase();
  let person: PersonJson | undefined;
  let cursor: string | null = null;
  do {
    // `q` also matches names and parts of addresses: page on until the exact address turns up
    const url: string = `/api/v1/people?q=${encodeURIComponent(o.email)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { data: PersonJson[]; next_cursor: string | null } = check(await api.request('GET', url));
    person = page.data.find((p) => p.emails.some((e) => e.email.toLowerCase() === want));
    cursor = page.next_cursor;
  } while (!person && cursor);
  if (!person) throw new CliError(`no person has the email address ${o.email}`);
  const t = check(await api.request<{ id: number; token: string }>('POST', '/api/v1/tokens', { name: o.name, person_id: person.id }));
  io.out(t.token + '\n');
  io.err(`Created API token "${o.name}" (id ${t.id}) for ${person.name} <${o.email}>. It is shown only this once.\n`);
  return 0;
}
