-- Resumable imports and idempotent ticket creation (docs/exports.md "Resuming an import", README "Idempotency-Key").

-- The id a ticket had in the system it was imported from: a re-run of an import skips lines whose
-- external_id is already here (the unique index also settles two imports of the same line at once).
alter table tickets add column external_id text;
create unique index tickets_external_id_key on tickets (external_id) where external_id is not null;

-- This desk's own name in external ids: an export writes `kefu:<desk id>:<ticket id>` for a ticket
-- that came from no other system, so an export → import round trip can be resumed as well.
insert into settings (key, value) values ('desk.id', to_jsonb(gen_random_uuid()::text)) on conflict (key) do nothing;

-- Idempotency-Key of POST /api/v1/tickets: one row per (caller, key), kept 24 hours. person_id is
-- null for the local operator (the CLI's secret), hence NULLS NOT DISTINCT (PostgreSQL 15+).
-- ticket_id is null only inside the transaction that claims the key and creates the ticket.
create table idempotency_keys (
  person_id bigint references people(id) on delete cascade,
  key text not null,
  fingerprint text not null,
  ticket_id bigint references tickets(id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint idempotency_keys_caller_key unique nulls not distinct (person_id, key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
