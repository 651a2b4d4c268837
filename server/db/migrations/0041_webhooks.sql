-- Webhooks (docs/webhooks.md): an admin's URL that is told about ticket events. Each event a webhook
-- subscribes to becomes one delivery row and one job, in the transaction that records the event, so a
-- delivery exists exactly when its event committed. The signing secret is sealed with the desk's key.
create table webhooks (
  id bigint generated always as identity primary key,
  name text not null,
  url text not null,
  secret_sealed text not null,
  events text[] not null,
  active boolean not null default true,
  created_by bigint references people(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  webhook_id bigint not null references webhooks(id) on delete cascade,
  -- null for a test delivery ("Send a test event")
  event_id bigint references ticket_events(id),
  ticket_id bigint references tickets(id),
  event_type text not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'delivered', 'failed', 'cancelled')),
  attempts int not null default 0,
  last_status_code int,
  last_error text,
  last_duration_ms int,
  sending_by text,
  sending_until timestamptz,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (webhook_id, event_id)
);
-- A webhook's deliveries, newest first (the admin screen, keyset on id).
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, id desc);
-- The last 24 hours by status (GET /metrics).
create index webhook_deliveries_created_idx on webhook_deliveries (created_at);

create function kefu_webhook_deliveries() returns trigger language plpgsql as $$
begin
  -- Imported history is not news: no deliveries for it (as no mail).
  if coalesce((new.data ->> 'imported')::boolean, false) then
    return null;
  end if;
  with d as (
    insert into webhook_deliveries (webhook_id, event_id, ticket_id, event_type)
    select w.id, new.id, new.ticket_id, new.type from webhooks w where w.active and new.type = any (w.events)
    returning id
  )
  insert into jobs (name, payload, max_attempts)
  select 'webhook.deliver', jsonb_build_object('delivery_id', d.id), 12 from d;
  return null;
end $$;

create trigger ticket_events_webhooks after insert on ticket_events
  for each row execute function kefu_webhook_deliveries();
