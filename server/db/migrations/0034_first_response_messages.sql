-- The agents report without joining every reply to its ticket (docs/exports.md, agents report;
-- adr/0005-report-queries.md): the reply that gave a ticket its first response carries the calendar
-- seconds from the ticket's creation to it, written by the same statement that writes the reply.
-- An agent's replies and first responses over a period are then one index-only range of
-- messages_author_idx, which now includes the figure.
alter table messages add column first_response_seconds double precision;

-- Existing replies: the one whose instant is the ticket's first_response_at (what the report matched until now).
update messages m
   set first_response_seconds = extract(epoch from (m.created_at - t.created_at))::float8
  from tickets t
 where t.id = m.ticket_id and t.first_response_at = m.created_at and not m.internal and m.author_id is distinct from t.requester_id;

drop index messages_author_idx;
create index messages_author_idx on messages (author_id, created_at) include (first_response_seconds) where not internal;
