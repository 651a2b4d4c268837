-- Agent notifications (docs/notifications.md): one row per (ticket event, staff person, kind).
-- The unique key makes the notifier safe to run twice (a retry, two instances): the second insert
-- does nothing, and mail is queued only for rows this run inserted (outbox dedupe key as well).
-- The text is rendered when read, in the reader's language, from kind + text_params.
create table notifications (
  id bigint generated always as identity primary key,
  person_id bigint not null references people(id) on delete cascade,
  kind text not null check (kind in ('assigned', 'new_in_group', 'customer_replied', 'sla_warning', 'sla_breached', 'mentioned')),
  ticket_id bigint not null references tickets(id),
  event_id bigint not null references ticket_events(id),
  text_params jsonb not null default '{}'::jsonb,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index notifications_event_person_kind_uq on notifications (event_id, person_id, kind);
-- The list (newest first, keyset on id) and "mark all read" / unread-only lists.
create index notifications_person_idx on notifications (person_id, id desc);
create index notifications_person_unread_idx on notifications (person_id, id desc) where read_at is null;

-- Per person and kind: deliver in the app, by email, both or neither. No row = the default
-- (server/domain/notifications/preferences.ts).
create table notification_preferences (
  person_id bigint not null references people(id) on delete cascade,
  kind text not null check (kind in ('assigned', 'new_in_group', 'customer_replied', 'sla_warning', 'sla_breached', 'mentioned')),
  in_app boolean not null,
  email boolean not null,
  updated_at timestamptz not null default now(),
  primary key (person_id, kind)
);
