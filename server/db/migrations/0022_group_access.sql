-- Access by group: an agent may be limited to the tickets of their groups (and those assigned to them).
-- 'all' (default) sees every ticket; 'groups' applies to agents only (admins always see everything).
alter table people add column ticket_access text not null default 'all' check (ticket_access in ('all', 'groups'));
-- Group-scoped queues (a limited agent's views, "unassigned in my groups"): the unsolved tickets of a
-- group, by status and assignee, so their counts are index-only scans that stop at the cap. Partial
-- (about a tenth of the tickets are unsolved); the predicate is the queue's, written the same way.
create index tickets_group_unsolved_idx on tickets (group_id, status, assignee_id) where status in ('new', 'open', 'pending', 'on_hold');
