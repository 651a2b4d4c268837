-- Custom ticket fields defined by admins (docs/custom-fields.md). Values live in tickets.fields
-- (jsonb) under the field's key, so the guided form's structured details are custom fields too.
create table ticket_fields (
  id bigint generated always as identity primary key,
  -- Immutable after creation: it is the JSON key in every ticket that has a value.
  key text not null unique check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  -- {"en": "...", "zh-CN": "..."}
  label jsonb not null,
  type text not null check (type in ('text', 'number', 'date', 'select', 'multiselect', 'checkbox')),
  -- select / multiselect: the values offered now (a JSON array of strings); removing one leaves old tickets as they are.
  options jsonb not null default '[]'::jsonb,
  -- Optional localized names of options: {"value": {"en": "...", "zh-CN": "..."}}.
  option_labels jsonb not null default '{}'::jsonb,
  -- Categories whose tickets ask for the field; empty: every ticket.
  categories text[] not null default '{}',
  required boolean not null default false,
  visible_to_customers boolean not null default false,
  -- Withheld from staff until the requester is verified, like security.sensitive_fields.
  sensitive boolean not null default false,
  -- Inactive: no longer asked for or written; old values stay on their tickets.
  active boolean not null default true,
  position int not null default 1000,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index ticket_fields_position_idx on ticket_fields (position, id);

-- Filters on custom fields are containment queries (t.fields @> '{"key": value}'): jsonb_path_ops
-- indexes exactly that operator, and is about a third of the size of the default jsonb_ops.
create index tickets_fields_idx on tickets using gin (fields jsonb_path_ops);
