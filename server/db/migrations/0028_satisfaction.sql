-- Customer satisfaction (docs/satisfaction.md): one rating per ticket (a second rating replaces the
-- first; every rating is also a `satisfaction.rated` ticket event). The report's keys (assignee,
-- group, plan, priority, channel) are copied from the ticket when it is rated, so the report reads
-- this table alone: one index range on rated_at, index-only, however large `tickets` grows.
create table satisfaction_ratings (
  ticket_id bigint primary key references tickets(id) on delete cascade,
  person_id bigint references people(id) on delete set null,
  score smallint not null check (score between 1 and 5),
  comment text check (comment is null or char_length(comment) <= 2000),
  rated_at timestamptz not null default now(),
  -- The ticket as it was rated: who had it, where it was, under which plan.
  assignee_id bigint,
  group_id bigint,
  plan_id bigint,
  priority text not null,
  channel text not null
);
create index satisfaction_ratings_rated_idx on satisfaction_ratings (rated_at)
  include (score, assignee_id, group_id, plan_id, priority, channel);

-- A low score tells the ticket's group (or its assignee): a new notification kind.
alter table notifications drop constraint if exists notifications_kind_check;
alter table notifications add constraint notifications_kind_check
  check (kind in ('assigned', 'new_in_group', 'customer_replied', 'sla_warning', 'sla_breached', 'mentioned', 'low_satisfaction'));
alter table notification_preferences drop constraint if exists notification_preferences_kind_check;
alter table notification_preferences add constraint notification_preferences_kind_check
  check (kind in ('assigned', 'new_in_group', 'customer_replied', 'sla_warning', 'sla_breached', 'mentioned', 'low_satisfaction'));
