-- Business calendars, SLA policies, and each ticket's SLA clocks and queue position.

create table calendars (
  id bigint generated always as identity primary key,
  name text not null,
  spec jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index calendars_name_uq on calendars (lower(name));

create table sla_policies (
  id bigint generated always as identity primary key,
  name text not null,
  kind text not null check (kind in ('sla', 'slo')),
  position int not null default 0,
  match jsonb not null default '{}'::jsonb,
  targets jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sla_policies_position_idx on sla_policies (position, id);

alter table tickets
  add column sla_policy_id bigint references sla_policies(id) on delete set null,
  -- The policy as it was applied (editing a policy does not change existing tickets unless recomputed).
  add column sla_policy jsonb,
  add column sla_reason jsonb,
  add column sla_state jsonb,
  add column first_response_due_at timestamptz,
  add column next_response_due_at timestamptz,
  add column resolution_due_at timestamptz,
  add column sla_next_breach_at timestamptz,
  -- Next instant the escalation task must look at this ticket (warning or breach).
  add column sla_check_at timestamptz,
  -- Queue order: breach time (infinity when none), then plan rank and priority (0 and '' when no
  -- target, so those tickets are served oldest first), then age.
  add column queue_due_at timestamptz not null default 'infinity',
  add column queue_rank int not null default 0,
  add column queue_priority text not null default '';

create index tickets_queue_idx on tickets (queue_due_at, queue_rank, queue_priority, created_at, id)
  where status in ('new', 'open', 'pending', 'on_hold');
create index tickets_sla_check_idx on tickets (sla_check_at) where sla_check_at is not null;
create index tickets_breach_idx on tickets (sla_next_breach_at) where sla_next_breach_at is not null;
