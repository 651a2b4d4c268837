-- Asset diagnostics (docs/diagnostics.md): one row per run. `checks` holds locale-free findings
-- ([{key, status, code, params}]); titles, details and fixes are rendered when someone reads the run,
-- in the reader's language. A run is attached to at most one ticket (the one it was made for).
create table diagnostics (
  id bigint generated always as identity primary key,
  asset_id bigint references assets(id) on delete set null,
  domain text not null,
  person_id bigint references people(id) on delete set null,
  ticket_id bigint references tickets(id) on delete cascade,
  ran_at timestamptz not null default now(),
  finished_at timestamptz,
  checks jsonb not null default '[]',
  facts jsonb not null default '{}'
);
-- The per-person rate limit counts recent runs; a ticket lists its runs.
create index diagnostics_person_recent on diagnostics (person_id, ran_at);
create index diagnostics_ticket on diagnostics (ticket_id, ran_at) where ticket_id is not null;

-- The nameservers a domain asset is expected to use (null: no expectation): the DNS check warns when
-- the zone is served by others.
alter table assets add column expected_nameservers jsonb;
