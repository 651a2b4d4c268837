-- Account security: one-time-password secrets, recovery codes, requester verification on tickets,
-- failure throttles (sign-in, verification) and the security audit log. Runs on PostgreSQL 15+ and PGlite.

-- TOTP secrets, encrypted at rest (AES-256-GCM, see server/modules/security/secretBox.ts).
-- purpose: support_code (the portal's rotating code, made on first use), support_app (the requester's own
-- authenticator app), two_factor (sign-in). `pending_enc` holds a secret being enrolled until it is confirmed.
create table otp_secrets (
  person_id bigint not null references people(id) on delete cascade,
  purpose text not null check (purpose in ('support_code', 'support_app', 'two_factor')),
  secret_enc text,
  enabled_at timestamptz,
  pending_enc text,
  pending_created_at timestamptz,
  -- Replay protection (RFC 6238 5.2): a time step once accepted is never accepted again.
  last_used_step bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (person_id, purpose)
);

-- Two-factor recovery codes: only a SHA-256 of each (80 random bits) is stored; each works once.
create table recovery_codes (
  id bigint generated always as identity primary key,
  person_id bigint not null references people(id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index recovery_codes_person_idx on recovery_codes (person_id, code_hash);

-- "Verify requester": who verified which requester on which ticket, how, and until when.
create table ticket_verifications (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets(id),
  person_id bigint not null references people(id) on delete cascade,
  verified_by bigint references people(id) on delete set null,
  method text not null check (method in ('support_code', 'authenticator_app')),
  verified_at timestamptz not null,
  expires_at timestamptz not null
);
create index ticket_verifications_ticket_idx on ticket_verifications (ticket_id, expires_at);

-- Failure counters with a lock: 'login:acct:<email>', 'login:ip:<ip>', 'verify:<person id>', 'otp:<person id>'.
create table security_throttles (
  key text primary key,
  failures int not null default 0,
  window_started_at timestamptz not null,
  locked_until timestamptz
);

-- Append-only security audit log, read newest first by id. No foreign keys: entries outlive the people
-- and tickets they name. Never holds secrets, codes, passwords or tokens.
create table audit_log (
  id bigint generated always as identity primary key,
  type text not null,
  person_id bigint,
  actor_id bigint,
  ticket_id bigint,
  ip text,
  user_agent text,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_created_idx on audit_log (created_at);
create index audit_log_person_idx on audit_log (person_id, id);
create index audit_log_actor_idx on audit_log (actor_id, id);
create index audit_log_type_idx on audit_log (type, id);

-- A guest (customer without a password) signing up: the chosen password waits here until the
-- verification link proves the address, so nobody takes over a guest's tickets by signing up first.
create table signup_claims (
  person_id bigint primary key references people(id) on delete cascade,
  password_hash text not null,
  name text,
  locale text,
  created_at timestamptz not null default now()
);
