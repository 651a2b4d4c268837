-- The status page (docs/status.md): components with a status, status incidents with their
-- updates, and tickets linked to the status incident they are about. Not to be confused with
-- paid incidents (incident_purchases), which are support an organization buys.
create table status_components (
  key text primary key check (key ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name_en text not null,
  name_zh text not null,
  status text not null default 'operational'
    check (status in ('operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance')),
  position int not null default 0,
  updated_at timestamptz not null default now()
);

-- One title in the author's language (docs/status.md says why); the components it affects by key.
create table status_incidents (
  id bigint generated always as identity primary key,
  title text not null,
  status text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
  components text[] not null default '{}',
  created_by bigint references people(id) on delete set null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  check ((status = 'resolved') = (resolved_at is not null))
);
-- The public page reads open incidents and the latest resolved ones.
create index status_incidents_open_idx on status_incidents (created_at desc, id desc) where resolved_at is null;
create index status_incidents_resolved_idx on status_incidents (resolved_at desc, id desc) where resolved_at is not null;

create table status_incident_updates (
  id bigint generated always as identity primary key,
  incident_id bigint not null references status_incidents(id),
  status text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
  message text not null,
  created_by bigint references people(id) on delete set null,
  created_at timestamptz not null default now()
);
create index status_incident_updates_incident_idx on status_incident_updates (incident_id, created_at, id);

alter table tickets add column status_incident_id bigint references status_incidents(id);
-- "The linked tickets of an incident", walked in id order (keyset) when it is resolved.
create index tickets_status_incident_idx on tickets (status_incident_id, id) where status_incident_id is not null;

-- One reply per linked ticket per resolving update: the reply job inserts here in the same
-- transaction as the message, so a job run twice (a lost lease, two instances) replies once.
create table status_incident_replies (
  update_id bigint not null references status_incident_updates(id),
  ticket_id bigint not null references tickets(id),
  message_id bigint,
  created_at timestamptz not null default now(),
  primary key (update_id, ticket_id)
);

-- Email subscriptions to status updates ("subscribe instead of filing"). The confirmation token
-- proves the address and is stored only as its SHA-256; the unsubscribe token can do nothing but
-- unsubscribe and goes in every update mail, so it is kept as is (docs/status.md).
create table status_subscriptions (
  id bigint generated always as identity primary key,
  email text not null,
  locale text not null default 'en',
  token_hash text not null unique,
  unsubscribe_token text not null unique,
  confirmed_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index status_subscriptions_email_uq on status_subscriptions (lower(email));
-- The mail fan-out walks confirmed subscriptions in id order.
create index status_subscriptions_confirmed_idx on status_subscriptions (id) where confirmed_at is not null;
