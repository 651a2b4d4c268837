-- Support plans as data: plan history per organization, channels with service hours,
-- a catalogue of paid on-demand services, purchases and their use by tickets.

create table organization_plan_history (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations(id) on delete cascade,
  plan_id bigint references plans(id),
  addons text[] not null default '{}',
  valid_from timestamptz not null default now(),
  valid_to timestamptz,
  changed_by bigint references people(id)
);
create index organization_plan_history_org_idx on organization_plan_history (organization_id, valid_from);

create table channels (
  key text primary key check (key in ('web', 'email', 'chat', 'phone', 'emergency_phone', 'community')),
  name jsonb not null,
  calendar_id bigint references calendars(id) on delete set null,
  contact text not null default '',
  enabled boolean not null default true,
  position int not null default 0
);

create table services (
  key text primary key,
  name jsonb not null,
  description jsonb not null default '{}'::jsonb,
  price_cents int not null check (price_cents >= 0),
  currency text not null default 'CNY',
  counts_as_incident boolean not null default true,
  active boolean not null default true
);

create table purchases (
  id bigint generated always as identity primary key,
  organization_id bigint not null references organizations(id) on delete cascade,
  service_key text not null references services(key),
  quantity int not null check (quantity > 0),
  remaining int not null check (remaining >= 0),
  order_ref text not null,
  marketplace text not null default '',
  expires_at timestamptz,
  created_by bigint references people(id),
  created_at timestamptz not null default now()
);
create unique index purchases_order_uq on purchases (marketplace, order_ref);
create index purchases_org_idx on purchases (organization_id, expires_at, id);

create table incident_uses (
  id bigint generated always as identity primary key,
  purchase_id bigint not null references purchases(id),
  ticket_id bigint not null references tickets(id),
  actor_id bigint references people(id),
  automatic boolean not null default false,
  created_at timestamptz not null default now()
);
create unique index incident_uses_ticket_uq on incident_uses (ticket_id);
