-- Internal notes are counted apart, so a ticket's message_count can say what its reader may see
-- (customers: public messages only).
alter table tickets add column note_count integer not null default 0;
update tickets t set note_count = c.n
  from (select ticket_id, count(*)::int as n from messages where internal group by ticket_id) c
 where c.ticket_id = t.id;
