-- Kefu core schema. Runs unchanged on PostgreSQL 15+ and PGlite.

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table plans (
  id bigint generated always as identity primary key,
  key text not null unique,
  name text not null,
  rank int not null default 100,
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table organizations (
  id bigint generated always as identity primary key,
  name text not null,
  plan_id bigint references plans(id),
  addons text[] not null default '{}',
  email_domains text[] not null default '{}',
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organizations_name_idx on organizations (lower(name), id);
create index organizations_domains_idx on organizations using gin (email_domains);

create table assets (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations(id) on delete cascade,
  kind text not null,
  name text not null,
  created_at timestamptz not null default now()
);
create unique index assets_kind_name_uq on assets (kind, lower(name));
create index assets_org_idx on assets (organization_id, id);

create table people (
  id bigint generated always as identity primary key,
  name text not null,
  role text not null check (role in ('customer', 'agent', 'admin')),
  organization_id bigint references organizations(id),
  password_hash text,
  locale text not null default 'en',
  timezone text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index people_org_idx on people (organization_id, id);
create index people_role_idx on people (role, id);

create table person_emails (
  id bigint generated always as identity primary key,
  person_id bigint not null references people(id) on delete cascade,
  email text not null,
  is_primary boolean not null default false,
  verified_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index person_emails_email_uq on person_emails (lower(email));
create index person_emails_person_idx on person_emails (person_id);

create table groups (
  id bigint generated always as identity primary key,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now()
);
create unique index groups_name_uq on groups (lower(name));

create table group_members (
  group_id bigint not null references groups(id) on delete cascade,
  person_id bigint not null references people(id) on delete cascade,
  primary key (group_id, person_id)
);
create index group_members_person_idx on group_members (person_id);

create sequence ticket_number_seq start with 1000;

create table tickets (
  id bigint generated always as identity primary key,
  number bigint not null unique default nextval('ticket_number_seq'),
  subject text not null,
  status text not null default 'new' check (status in ('new', 'open', 'pending', 'on_hold', 'solved', 'closed')),
  priority text not null default 'P3' check (priority in ('P1', 'P2', 'P3', 'P4')),
  category text,
  channel text not null default 'web',
  requester_id bigint not null references people(id),
  organization_id bigint references organizations(id),
  asset_id bigint references assets(id),
  assignee_id bigint references people(id),
  group_id bigint references groups(id),
  tags text[] not null default '{}',
  fields jsonb not null default '{}'::jsonb,
  plan_id bigint references plans(id),
  plan_rank int not null default 1000,
  merged_into_id bigint references tickets(id),
  message_count int not null default 0,
  first_response_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  solved_at timestamptz,
  closed_at timestamptz,
  search tsvector not null default ''::tsvector,
  -- Null until the first internal note: most tickets have none, and the planner then knows it.
  search_internal tsvector
);
-- Lists walk these indexes backwards by (created_at, id): keyset pagination, newest first.
create index tickets_created_idx on tickets (created_at, id);
create index tickets_org_idx on tickets (organization_id, created_at, id);
create index tickets_requester_idx on tickets (requester_id, created_at, id);
create index tickets_assignee_idx on tickets (assignee_id, status, created_at, id);
create index tickets_group_idx on tickets (group_id, status, created_at, id);
create index tickets_status_idx on tickets (status, created_at, id);
create index tickets_updated_idx on tickets (updated_at, id);
create index tickets_tags_idx on tickets using gin (tags);
create index tickets_search_idx on tickets using gin (search);
create index tickets_search_internal_idx on tickets using gin (search_internal);

create table messages (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  author_id bigint references people(id),
  internal boolean not null default false,
  channel text not null default 'web',
  body_text text not null,
  body_html text not null,
  created_at timestamptz not null default now()
);
create index messages_ticket_idx on messages (ticket_id, created_at, id);

create table attachments (
  id bigint generated always as identity primary key,
  message_id bigint references messages(id),
  filename text not null,
  content_type text not null,
  size int not null,
  content_id text,
  data bytea not null,
  created_at timestamptz not null default now()
);
create index attachments_message_idx on attachments (message_id);

create table ticket_events (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  actor_id bigint references people(id),
  type text not null,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index ticket_events_ticket_idx on ticket_events (ticket_id, id);

create table sessions (
  id bigint generated always as identity primary key,
  token_hash text not null unique,
  person_id bigint not null references people(id) on delete cascade,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_person_idx on sessions (person_id, id);

create table api_tokens (
  id bigint generated always as identity primary key,
  person_id bigint not null references people(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_person_idx on api_tokens (person_id, id);

-- One-time links: first-admin setup, invitations, password resets, email verification.
create table one_time_tokens (
  id bigint generated always as identity primary key,
  purpose text not null,
  token_hash text not null unique,
  person_id bigint references people(id) on delete cascade,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table jobs (
  id bigint generated always as identity primary key,
  name text not null,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  run_at timestamptz not null default now(),
  attempts int not null default 0,
  max_attempts int not null default 8,
  locked_until timestamptz,
  locked_by text,
  last_error text,
  singleton_key text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_claim_idx on jobs (run_at, id) where status in ('queued', 'running');
-- One queued copy per singleton key; a running job may enqueue its own next run.
create unique index jobs_singleton_uq on jobs (singleton_key) where status = 'queued';
