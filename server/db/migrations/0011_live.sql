-- Live updates: every ticket event is announced on the `kefu_events` channel. NOTIFY is
-- transactional: listeners on every instance hear it only after the inserting transaction commits
-- (and never if it rolls back). The payload stays small (id, ticket, type); the gateway loads the
-- rest and decides per viewer what to push (server/channels/live/).
create function kefu_notify_ticket_event() returns trigger language plpgsql as $$
begin
  perform pg_notify('kefu_events', json_build_object('id', new.id, 'ticket_id', new.ticket_id, 'type', new.type)::text);
  return null;
end $$;

create trigger ticket_events_notify after insert on ticket_events
  for each row execute function kefu_notify_ticket_event();
