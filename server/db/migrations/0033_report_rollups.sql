-- Hourly roll-ups of tickets created and done, for the volume and agents reports over a dense year
-- (adr/0005-report-queries.md, addendum). Exact at every moment: a report reads the roll-ups plus the
-- deltas not folded yet, in one statement (one snapshot), and the live rows for the parts of its
-- period that do not start or end on a whole hour.
--
-- A ticket contributes one "created" (at created_at) and, when it is done, one "done" (at the
-- reports' DONE_AT: solved, else closed, never before created); a merged ticket contributes nothing.
-- Each carries the dimensions a report may group by. The trigger writes the difference between a
-- ticket's old and new contributions as ±1 rows to report_deltas: append-only, no index, no row two
-- transactions both update — ticket creation takes no lock a concurrent creation waits for. A job
-- (reports.fold) moves the deltas into report_hourly: `delete … returning` and an upsert in one
-- transaction, one folder at a time (an advisory lock).
create table report_deltas (
  at timestamptz not null,
  kind text not null, -- 'created' | 'done'
  channel text,
  category text,
  plan_id bigint,
  assignee_id bigint, -- the ticket's assignee when done (null on 'created' rows: no report needs it)
  n int not null
);

-- One row per dimension, hour (UTC), kind and value: dim '' is every ticket (value null); 'channel',
-- 'category', 'plan' (plan_id as text) and, for 'done' only, 'assignee' (assignee_id as text).
-- A null value is "no channel / category / plan / assignee": NULLS NOT DISTINCT keeps one row for it.
create table report_hourly (
  dim text not null,
  hour timestamptz not null,
  kind text not null,
  value text,
  n int not null,
  constraint report_hourly_key unique nulls not distinct (dim, hour, kind, value)
);

-- A new ticket (the hot path) is one plain insert; an update writes only the contributions that
-- changed (a −1 for the old, a +1 for the new).
create function kefu_report_deltas_sync() returns trigger language plpgsql as $$
declare
  old_done timestamptz;
  new_done timestamptz;
begin
  if tg_op = 'INSERT' then
    if new.merged_into_id is null then
      insert into report_deltas (at, kind, channel, category, plan_id, assignee_id, n)
      values (new.created_at, 'created', new.channel, new.category, new.plan_id, null, 1);
      if new.status in ('solved', 'closed') then
        insert into report_deltas (at, kind, channel, category, plan_id, assignee_id, n)
        values (greatest(coalesce(new.solved_at, new.closed_at), new.created_at), 'done', new.channel, new.category, new.plan_id,
                new.assignee_id, 1);
      end if;
    end if;
    return null;
  end if;
  -- Created: counted unless merged, at created_at with channel, category and plan.
  if (old.merged_into_id is null, old.created_at, old.channel, old.category, old.plan_id)
     is distinct from (tg_op = 'UPDATE' and new.merged_into_id is null, new.created_at, new.channel, new.category, new.plan_id)
     or tg_op = 'DELETE' then
    if old.merged_into_id is null then
      insert into report_deltas (at, kind, channel, category, plan_id, assignee_id, n)
      values (old.created_at, 'created', old.channel, old.category, old.plan_id, null, -1);
    end if;
    if tg_op = 'UPDATE' and new.merged_into_id is null then
      insert into report_deltas (at, kind, channel, category, plan_id, assignee_id, n)
      values (new.created_at, 'created', new.channel, new.category, new.plan_id, null, 1);
    end if;
  end if;
  -- Done: counted when solved or closed and not merged, at the done instant, with the assignee too.
  if old.merged_into_id is null and old.status in ('solved', 'closed') then
    old_done := greatest(coalesce(old.solved_at, old.closed_at), old.created_at);
  end if;
  if tg_op = 'UPDATE' and new.merged_into_id is null and new.status in ('solved', 'closed') then
    new_done := greatest(coalesce(new.solved_at, new.closed_at), new.created_at);
  end if;
  if (old_done, old.channel, old.category, old.plan_id, old.assignee_id)
     is distinct from (new_done, new.channel, new.category, new.plan_id, new.assignee_id)
     or tg_op = 'DELETE' then
    if old_done is not null then
      insert into report_deltas (at, kind, channel, category, plan_id, assignee_id, n)
      values (old_done, 'done', old.channel, old.category, old.plan_id, old.assignee_id, -1);
    end if;
    if new_done is not null then
      insert into report_deltas (at, kind, channel, category, plan_id, assignee_id, n)
      values (new_done, 'done', new.channel, new.category, new.plan_id, new.assignee_id, 1);
    end if;
  end if;
  return null;
end $$;

create trigger tickets_report_deltas_insert after insert on tickets
  for each row execute function kefu_report_deltas_sync();
create trigger tickets_report_deltas_delete after delete on tickets
  for each row execute function kefu_report_deltas_sync();
-- Fires only when a contribution may have changed (a reply, a priority or a tag does not).
create trigger tickets_report_deltas_update
  after update of created_at, channel, category, plan_id, assignee_id, merged_into_id, status, solved_at, closed_at on tickets
  for each row when (
    old.created_at is distinct from new.created_at or old.channel is distinct from new.channel
    or old.category is distinct from new.category or old.plan_id is distinct from new.plan_id
    or old.merged_into_id is distinct from new.merged_into_id
    or ((old.status in ('solved', 'closed')) is distinct from (new.status in ('solved', 'closed')))
    or (new.status in ('solved', 'closed') and (
      old.assignee_id is distinct from new.assignee_id or old.solved_at is distinct from new.solved_at
      or old.closed_at is distinct from new.closed_at)))
  execute function kefu_report_deltas_sync();

-- Existing tickets, folded directly.
insert into report_hourly (dim, hour, kind, value, n)
select case when grouping(c.channel) = 0 then 'channel' when grouping(c.category) = 0 then 'category'
            when grouping(c.plan_id) = 0 then 'plan' when grouping(c.assignee_id) = 0 then 'assignee' else '' end,
       c.hour, c.kind,
       case when grouping(c.channel) = 0 then c.channel when grouping(c.category) = 0 then c.category
            when grouping(c.plan_id) = 0 then c.plan_id::text when grouping(c.assignee_id) = 0 then c.assignee_id::text end,
       count(*)::int
  from (
    select date_trunc('hour', t.created_at) as hour, 'created' as kind, t.channel, t.category, t.plan_id, null::bigint as assignee_id
      from tickets t where t.merged_into_id is null
    union all
    select date_trunc('hour', greatest(coalesce(t.solved_at, t.closed_at), t.created_at)), 'done', t.channel, t.category, t.plan_id, t.assignee_id
      from tickets t where t.merged_into_id is null and t.status in ('solved', 'closed')
  ) c
 group by grouping sets ((c.hour, c.kind), (c.hour, c.kind, c.channel), (c.hour, c.kind, c.category),
                         (c.hour, c.kind, c.plan_id), (c.hour, c.kind, c.assignee_id))
having grouping(c.assignee_id) = 1 or c.kind = 'done';
