-- Ticket lifecycle: solved tickets close after some days; pending tickets get a reminder and are
-- solved when the customer never answers; a ticket can be snoozed (on hold) until a time.
alter table tickets add column pending_since timestamptz, add column reminded_at timestamptz, add column snoozed_until timestamptz;
update tickets set pending_since = updated_at where status = 'pending';
-- The lifecycle job walks each rule's due tickets oldest first.
create index tickets_solved_since_idx on tickets (solved_at, id) where status = 'solved';
create index tickets_pending_since_idx on tickets (pending_since, id) where status = 'pending';
create index tickets_snoozed_idx on tickets (snoozed_until, id) where snoozed_until is not null;
