-- Agent notifications, part 2 (docs/notifications.md): live push, retention, quiet hours.

-- Every new notification is announced on `kefu_notifications` (transactional like kefu_events:
-- listeners on every instance hear it after commit, never for a rolled-back insert). The payload is
-- small (id, person); the live gateway loads the row and renders it for each of that person's sockets.
-- "Marked read" is announced by markRead itself (one message per request, not one per row).
create function kefu_notify_notification() returns trigger language plpgsql as $$
begin
  perform pg_notify('kefu_notifications', json_build_object('id', new.id, 'person_id', new.person_id)::text);
  return null;
end $$;

create trigger notifications_notify after insert on notifications
  for each row execute function kefu_notify_notification();

-- Retention: read notifications are deleted 90 days after they were created (notifications.prune);
-- this partial index finds them without reading the unread ones or the whole table.
create index notifications_read_created_idx on notifications (created_at) where read_at is not null;

-- Per-person notification settings that are not per kind. quiet_hours: hold notification mail
-- created while the desk's default calendar is closed until it next opens.
create table notification_settings (
  person_id bigint primary key references people(id) on delete cascade,
  quiet_hours boolean not null default false,
  updated_at timestamptz not null default now()
);
