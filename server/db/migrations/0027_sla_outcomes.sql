-- SLA outcomes (docs/reports.md, adr/0005-report-queries.md): one row per ticket and SLA metric,
-- copied from tickets.sla_state by a trigger so reports over millions of tickets read narrow,
-- indexed rows instead of parsing every ticket's JSON. The trigger is the one place that sees every
-- writer of sla_state (ticket creation's single INSERT … WITH, the pipeline's SLA recompute,
-- imports, policy recomputes, bench seeds).
create table sla_outcomes (
  ticket_id bigint not null references tickets(id) on delete cascade,
  metric text not null,
  kind text not null,
  plan_id bigint,
  priority text not null,
  group_id bigint,
  assignee_id bigint,
  channel text not null,
  category text,
  organization_id bigint,
  status text not null,
  -- When the target fell (or falls) due: the metric's due instant, else the instant it was crossed
  -- (a clock paused after its target was missed). Null: no target fell due (paused, cancelled).
  due_at timestamptz,
  started_at timestamptz not null,
  stopped_at timestamptz,
  business_ms bigint not null default 0,
  target_minutes int not null,
  primary key (ticket_id, metric)
);

-- The compliance report and its drill-down: a range of due_at, grouped by the included columns
-- (index-only scans), and keyset pages in (due_at, ticket_id) order.
create index sla_outcomes_due_idx on sla_outcomes (due_at, ticket_id)
  include (metric, kind, status, plan_id, priority, group_id, assignee_id, channel)
  where due_at is not null;
-- The drill-down of a report row (grouped by plan and priority, the default): one range in due order.
create index sla_outcomes_plan_due_idx on sla_outcomes (plan_id, priority, metric, due_at, ticket_id)
  include (kind, status, group_id, assignee_id, channel)
  where due_at is not null;
-- Response-time percentiles: clocks that stopped (met or breached) in a range of stopped_at.
create index sla_outcomes_stopped_idx on sla_outcomes (stopped_at)
  include (metric, kind, plan_id, priority, group_id, assignee_id, channel, started_at, business_ms)
  where status in ('met', 'breached');

-- One ticket's rows from its sla_state, upserted; metrics no longer present are deleted. An
-- unchanged row is not rewritten (no dead tuple for a recompute that changed nothing).
create function kefu_sla_outcomes_sync() returns trigger language plpgsql as $$
begin
  if new.sla_state is null or jsonb_typeof(new.sla_state -> 'metrics') is distinct from 'array' then
    if tg_op = 'UPDATE' then
      delete from sla_outcomes where ticket_id = new.id;
    end if;
    return null;
  end if;
  if tg_op = 'UPDATE' then
    delete from sla_outcomes o
     where o.ticket_id = new.id
       and not exists (select 1 from jsonb_array_elements(new.sla_state -> 'metrics') m where m ->> 'metric' = o.metric);
  end if;
  insert into sla_outcomes as o (ticket_id, metric, kind, plan_id, priority, group_id, assignee_id, channel, category,
                                 organization_id, status, due_at, started_at, stopped_at, business_ms, target_minutes)
  select new.id, m ->> 'metric', coalesce(new.sla_state ->> 'kind', new.sla_policy ->> 'kind', 'sla'), new.plan_id, new.priority,
         new.group_id, new.assignee_id, new.channel, new.category, new.organization_id, m ->> 'status',
         to_timestamp(coalesce(m ->> 'due_at', m ->> 'breached_at')::double precision / 1000),
         to_timestamp((m ->> 'started_at')::double precision / 1000),
         to_timestamp((m ->> 'stopped_at')::double precision / 1000),
         coalesce(round((m ->> 'business_ms')::numeric), 0)::bigint,
         coalesce((m ->> 'target_minutes')::numeric, 0)::int
    from jsonb_array_elements(new.sla_state -> 'metrics') m
   where m ->> 'metric' is not null and m ->> 'started_at' is not null
  on conflict (ticket_id, metric) do update
     set kind = excluded.kind, plan_id = excluded.plan_id, priority = excluded.priority, group_id = excluded.group_id,
         assignee_id = excluded.assignee_id, channel = excluded.channel, category = excluded.category,
         organization_id = excluded.organization_id, status = excluded.status, due_at = excluded.due_at,
         started_at = excluded.started_at, stopped_at = excluded.stopped_at, business_ms = excluded.business_ms,
         target_minutes = excluded.target_minutes
   where (o.kind, o.plan_id, o.priority, o.group_id, o.assignee_id, o.channel, o.category, o.organization_id, o.status,
          o.due_at, o.started_at, o.stopped_at, o.business_ms, o.target_minutes)
         is distinct from
         (excluded.kind, excluded.plan_id, excluded.priority, excluded.group_id, excluded.assignee_id, excluded.channel,
          excluded.category, excluded.organization_id, excluded.status, excluded.due_at, excluded.started_at,
          excluded.stopped_at, excluded.business_ms, excluded.target_minutes);
  return null;
end $$;

-- A new ticket without SLA state costs nothing; an update fires only when a copied column changed.
create trigger tickets_sla_outcomes_insert after insert on tickets
  for each row when (new.sla_state is not null) execute function kefu_sla_outcomes_sync();
create trigger tickets_sla_outcomes_update
  after update of sla_state, sla_policy, group_id, assignee_id, priority, plan_id, channel, category, organization_id on tickets
  for each row when (
    old.sla_state is distinct from new.sla_state or old.sla_policy is distinct from new.sla_policy
    or old.group_id is distinct from new.group_id or old.assignee_id is distinct from new.assignee_id
    or old.priority is distinct from new.priority or old.plan_id is distinct from new.plan_id
    or old.channel is distinct from new.channel or old.category is distinct from new.category
    or old.organization_id is distinct from new.organization_id)
  execute function kefu_sla_outcomes_sync();

-- Existing tickets.
insert into sla_outcomes (ticket_id, metric, kind, plan_id, priority, group_id, assignee_id, channel, category,
                          organization_id, status, due_at, started_at, stopped_at, business_ms, target_minutes)
select t.id, m ->> 'metric', coalesce(t.sla_state ->> 'kind', t.sla_policy ->> 'kind', 'sla'), t.plan_id, t.priority,
       t.group_id, t.assignee_id, t.channel, t.category, t.organization_id, m ->> 'status',
       to_timestamp(coalesce(m ->> 'due_at', m ->> 'breached_at')::double precision / 1000),
       to_timestamp((m ->> 'started_at')::double precision / 1000),
       to_timestamp((m ->> 'stopped_at')::double precision / 1000),
       coalesce(round((m ->> 'business_ms')::numeric), 0)::bigint,
       coalesce((m ->> 'target_minutes')::numeric, 0)::int
  from tickets t
  cross join lateral jsonb_array_elements(t.sla_state -> 'metrics') m
 where jsonb_typeof(t.sla_state -> 'metrics') = 'array' and m ->> 'metric' is not null and m ->> 'started_at' is not null
on conflict (ticket_id, metric) do nothing;
