-- Volume and agents reports (docs/exports.md). Two indexes only: every index is written on each
-- ticket creation or reply, so each one must serve a query no existing index can.
--
-- When a ticket was done: solved (or, never solved, closed), never before it was created. The volume
-- report counts "solved" per bucket and the backlog at the start of a period from this range; the
-- agents report counts solved tickets per assignee from it. Open tickets (reopened ones too, whose
-- solved_at is stale) and merged tickets are not in it. tickets_solved_since_idx covers only
-- status 'solved', and most tickets end closed. created_at is the second key so the backlog at the
-- start of a period (done since `from`, created before it) is filtered inside the index: only the few
-- matching rows are read from the table.
create index tickets_done_idx on tickets ((greatest(coalesce(solved_at, closed_at), created_at)), created_at)
  where status in ('solved', 'closed') and merged_into_id is null;

-- Public messages by author and time: the agents report's replies (and first responses) per agent
-- over a period. messages_ticket_idx is per ticket and cannot answer "who wrote what when".
create index messages_author_idx on messages (author_id, created_at) where not internal;
