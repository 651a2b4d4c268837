import type { ApiClient } from './apiClient.ts';
import { check, parseCommand, required, UsageError } from './args.ts';
import { json, type Io } from './io.ts';

const ROLES = ['customer', 'agent', 'admin'] as const;

/** `kefu person create --name N --email E [--role R] [--org ID] [--password P]` */
export function parsePersonCreate(args: string[]) {
  const cmd = 'person create';
  const { values } = parseCommand(
    cmd,
    args,
    {
      name: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      org: { type: 'string' },
      password: { type: 'string' },
    },
    { min: 0, max: 0, names: '' },
  );
  const role = values.role ?? 'customer';
  if (!(ROLES as readonly string[]).includes(role))
    throw new UsageError(`${cmd}: --role must be one of ${ROLES.join(', ')} (got '${role}')`);
  let org: number | undefined;
  if (values.org !== undefined) {
    org = Number(values.org);
    if (!/^\d+$/.test(values.org) || !Number.isSafeInteger(org) || org < 1)
      throw new UsageError(`${cmd}: --org must be an organization id (a positive whole number), got '${values.org}'`);
  }
  return {
    name: required(cmd, 'name', values.name),
    email: required(cmd, 'email', values.email),
    role: role as (typeof ROLES)[number],
    organization_id: org,
    password: values.password,
  };
}

export async function personCreate(api: ApiClient, input: ReturnType<typeof parsePersonCreate>, io: Io): Promise<number> {
  const person = check(await api.request<{ name: string; invitation_url: string | null }>('POST', '/api/v1/people', input));
  io.out(json(person));
  if (person.invitation_url)
    io.err(`Send ${person.name} this invitation link to choose a password (valid 7 days):\n  ${person.invitation_url}\n`);
  return 0;
}
