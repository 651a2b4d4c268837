-- Email channel: support addresses, IMAP mailboxes, the raw inbound store, threading, the outbox, guest links.

create table support_addresses (
  id bigint generated always as identity primary key,
  email text not null,
  name text not null default '',
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index support_addresses_email_uq on support_addresses (lower(email));
create unique index support_addresses_default_uq on support_addresses (is_default) where is_default;

create table mailboxes (
  id bigint generated always as identity primary key,
  name text not null,
  host text not null,
  port int not null default 993,
  secure boolean not null default true,
  username text not null,
  password text not null,
  folder text not null default 'INBOX',
  -- After a message is stored: mark it \Seen, or move it to move_to.
  after_fetch text not null default 'seen' check (after_fetch in ('seen', 'move')),
  move_to text,
  poll_seconds int not null default 60 check (poll_seconds between 1 and 86400),
  active boolean not null default true,
  last_poll_at timestamptz,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  failing_since timestamptz,
  alerted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every mail we accepted, raw, for audit and reprocessing. A Message-ID is stored once.
create table inbound_emails (
  id bigint generated always as identity primary key,
  rfc_message_id text not null,
  source text not null check (source in ('smtp', 'imap')),
  mailbox_id bigint references mailboxes(id) on delete set null,
  envelope_from text,
  envelope_to text[] not null default '{}',
  from_addr text,
  subject text,
  size int not null,
  raw bytea not null,
  status text not null default 'received'
    check (status in ('received', 'processed', 'auto_reply', 'bounce', 'ignored', 'refused', 'failed')),
  outcome text check (outcome in ('ticket', 'reply', 'follow_up')),
  no_ack_reason text,
  attempts int not null default 0,
  error text,
  ticket_id bigint references tickets(id),
  message_id bigint references messages(id),
  created_at timestamptz not null default now(),
  processed_at timestamptz
);
create unique index inbound_emails_mid_uq on inbound_emails (rfc_message_id);
create index inbound_emails_created_idx on inbound_emails (created_at, id);
create index inbound_emails_from_idx on inbound_emails (lower(from_addr), created_at);
create index inbound_emails_ticket_idx on inbound_emails (ticket_id);
create index inbound_emails_message_idx on inbound_emails (message_id);

-- Per ticket: the secret reply token (support+<token>@…), the address it came in on, and where a closed ticket's replies go.
create table email_threads (
  ticket_id bigint primary key references tickets(id),
  reply_token text not null,
  support_address_id bigint references support_addresses(id) on delete set null,
  follow_up_ticket_id bigint references tickets(id),
  created_at timestamptz not null default now()
);
create unique index email_threads_token_uq on email_threads (reply_token);

-- Message-IDs of every inbound and outbound mail of a ticket: In-Reply-To/References thread through these.
create table email_message_ids (
  rfc_message_id text primary key,
  ticket_id bigint not null references tickets(id),
  direction text not null check (direction in ('in', 'out')),
  created_at timestamptz not null default now()
);
create index email_message_ids_ticket_idx on email_message_ids (ticket_id, created_at);

-- Every outbound mail, with its delivery status. Without SMTP configured mail stays here ('local').
create table outbound_emails (
  id bigint generated always as identity primary key,
  dedupe_key text not null,
  kind text not null,
  ticket_id bigint references tickets(id),
  message_id bigint references messages(id),
  person_id bigint references people(id) on delete set null,
  from_addr text not null,
  to_addrs text[] not null,
  cc_addrs text[] not null default '{}',
  reply_to text,
  subject text not null,
  text text not null,
  html text not null,
  rfc_message_id text not null,
  in_reply_to text,
  references_ids text[] not null default '{}',
  headers jsonb not null default '{}'::jsonb,
  status text not null default 'queued' check (status in ('queued', 'sent', 'local', 'failed', 'bounced')),
  attempts int not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now()
);
create unique index outbound_emails_dedupe_uq on outbound_emails (dedupe_key);
create index outbound_emails_created_idx on outbound_emails (created_at, id);
create index outbound_emails_ticket_idx on outbound_emails (ticket_id, created_at, id);
create index outbound_emails_mid_idx on outbound_emails (rfc_message_id);

-- Private links for requesters without an account: only the hash is stored; revocable, expiring.
create table guest_links (
  id bigint generated always as identity primary key,
  token_hash text not null,
  ticket_id bigint not null references tickets(id),
  person_id bigint not null references people(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create unique index guest_links_hash_uq on guest_links (token_hash);
create index guest_links_ticket_idx on guest_links (ticket_id);

-- Alerts for admins (a mailbox failing for 15 minutes, …).
create table email_alerts (
  id bigint generated always as identity primary key,
  kind text not null,
  mailbox_id bigint references mailboxes(id) on delete cascade,
  message text not null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz
);
create index email_alerts_open_idx on email_alerts (created_at, id) where resolved_at is null;
