-- Mail trust: whether the sender of a mailed-in message is proven, and per-staff reply tokens.

-- false: the mail claims a person with an account (or staff) and neither a staff reply token nor a
-- trusted Authentication-Results header proved it; true: proven; null: not mail, or a sender known
-- only by mail (nobody to impersonate).
alter table messages add column sender_verified boolean;
-- The same for the mail that opened a ticket (read by the ticket shield: sensitive fields stay withheld).
alter table email_threads add column sender_verified boolean;

-- Reply-To tokens of mail sent to staff (support+<token>@…): a staff member's mailed reply counts as
-- theirs only through a token issued to them for that ticket. Only a SHA-256 of the token is stored.
create table staff_reply_tokens (
  token_hash text primary key,
  person_id bigint not null references people(id) on delete cascade,
  ticket_id bigint not null references tickets(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index staff_reply_tokens_person_idx on staff_reply_tokens (person_id, ticket_id);
