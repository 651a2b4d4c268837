-- Queue views kept on the server (docs/views.md): the built-in ones are rows with a `key`, seeded here;
-- agents add their own (owner_id set, shared false); admins add shared ones (shared true).
create table views (
  id bigint generated always as identity primary key,
  -- Built-in views: 'mine', 'unassigned', 'groups', 'open', 'at_risk', 'pending'. Null for views people made.
  key text unique,
  -- Null for a built-in view that was never renamed: its name is then shown in the reader's language.
  name text,
  -- Validated by server/modules/views/viewFilters.ts before it is stored.
  filters jsonb not null default '{}'::jsonb,
  shared boolean not null default false,
  owner_id bigint references people(id) on delete cascade,
  position int not null default 1000,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (key is not null or name is not null),
  check (shared or owner_id is not null)
);
create index views_owner_idx on views (owner_id, position, id);

-- Each agent's landing view (/agent opens it). At most one per person.
create table view_pins (
  person_id bigint primary key references people(id) on delete cascade,
  view_id bigint not null references views(id) on delete cascade
);
create index view_pins_view_idx on view_pins (view_id);

insert into views (key, filters, shared, position) values
  ('mine', '{"assignee": ["me"]}', true, 10),
  ('unassigned', '{"assignee": ["none"]}', true, 20),
  ('groups', '{"group": ["mine"]}', true, 30),
  ('open', '{}', true, 40),
  ('at_risk', '{"sla": ["at_risk", "breached"]}', true, 50),
  ('pending', '{"status": ["pending"]}', true, 60);
