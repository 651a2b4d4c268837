-- Links between tickets: related ones, and parent/child (one outage and the reports it caused).
-- Stored from both ends so each ticket reads its links with one index scan: kind says what the
-- other ticket is to this one ('parent': the other is this ticket's parent).
create table ticket_links (
  ticket_id bigint not null references tickets(id),
  other_id bigint not null references tickets(id),
  kind text not null check (kind in ('related', 'parent', 'child')),
  created_by bigint references people(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (ticket_id, other_id),
  check (ticket_id <> other_id)
);
-- A ticket has at most one parent.
create unique index ticket_links_one_parent_uq on ticket_links (ticket_id) where kind = 'parent';
