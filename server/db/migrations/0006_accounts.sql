-- Account security: the sign-in slow-down of an IP address (the next moment an attempt from it may be
-- checked) and a quick look-up of a person's open one-time links (a new link, or a used one, ends the
-- older ones of the same purpose), and the address a guest's sign-up claim waits on (only the link
-- for that address applies it). Runs on PostgreSQL 15+ and PGlite.

alter table security_throttles add column next_attempt_at timestamptz;

create index one_time_tokens_open_idx on one_time_tokens (person_id, purpose) where used_at is null;

alter table signup_claims add column email text;
