-- Macros (docs/macros.md): a reply in both languages plus ticket actions, applied from the composer.
-- Shared macros (owner_id null) are managed by admins and seen by all staff; a personal macro is
-- seen by its owner only. `actions` holds only the keys the macro sets (validated by the API).
create table macros (
  id bigint generated always as identity primary key,
  name text not null check (char_length(name) between 1 and 200),
  body_en text not null default '' check (char_length(body_en) <= 20000),
  body_zh text not null default '' check (char_length(body_zh) <= 20000),
  actions jsonb not null default '{}'::jsonb,
  owner_id bigint references people(id) on delete cascade,
  created_by bigint references people(id) on delete set null,
  usage_count integer not null default 0,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index macros_owner_idx on macros (owner_id, id);

-- How often each person applied each macro: the picker lists a person's most used first.
create table macro_usage (
  macro_id bigint not null references macros(id) on delete cascade,
  person_id bigint not null references people(id) on delete cascade,
  uses integer not null default 0,
  last_used_at timestamptz not null default now(),
  primary key (person_id, macro_id)
);
