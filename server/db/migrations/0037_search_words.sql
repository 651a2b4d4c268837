-- Every word (not Chinese) that the ticket search index holds, so that a search can spell a prefix
-- out as the words that start with it (docs/search.md, "Prefixes spelled out"). The search index
-- answers `'refund' & 'invoice'` by stepping through the shorter of the two lists and skipping in the
-- other; `'refund':* & 'invoice':*` it answers by gathering every ticket of both into bitmaps, which
-- at ten million tickets took 1.4 s for two common words that never occur together.
--
-- Kept complete by triggers: a word is added before the transaction that first indexes it commits,
-- in sorted order (two creations that bring the same new words never wait on each other in a cycle).
-- A word is never removed: one that no ticket holds any more only adds a term that matches nothing.
-- Chinese (and other CJK) pieces are left out: a query's Chinese runs are exact pieces already, and a
-- lone character keeps its prefix match. So are words that start with a digit: order, phone and
-- tracking numbers are mostly unique (the bench's ten million tickets hold 8.3 million of them, and
-- 156 other words), and a number keeps its prefix match, which is fast for a rare one. Kept are the
-- words whose first character is below U+3000 and not 0-9: the same rule as `wordPrefix` in
-- server/domain/search/tokenize.ts.
create table search_words (
  word text collate "C" primary key
);

-- New tickets: one insert per statement, so a bulk import adds each new word once.
create function kefu_search_words_insert() returns trigger language plpgsql as $$
begin
  insert into search_words (word)
  select distinct w
    from new_tickets t,
         unnest(tsvector_to_array(t.search) || coalesce(tsvector_to_array(t.search_internal), '{}'::text[])) w
   where ascii(w) < 12288 and ascii(w) not between 48 and 57
   order by 1
  on conflict do nothing;
  return null;
end $$;

-- A reply or a note appends to a ticket's vectors (a merge concatenates two): only the words it adds.
create function kefu_search_words_update() returns trigger language plpgsql as $$
begin
  insert into search_words (word)
  select w from (
    select unnest(tsvector_to_array(new.search) || coalesce(tsvector_to_array(new.search_internal), '{}'::text[])) w
    except
    select unnest(tsvector_to_array(old.search) || coalesce(tsvector_to_array(old.search_internal), '{}'::text[]))
  ) d
   where ascii(w) < 12288 and ascii(w) not between 48 and 57
   order by 1
  on conflict do nothing;
  return null;
end $$;

create trigger tickets_search_words_insert after insert on tickets
  referencing new table as new_tickets
  for each statement execute function kefu_search_words_insert();
create trigger tickets_search_words_update after update of search, search_internal on tickets
  for each row when (old.search is distinct from new.search or old.search_internal is distinct from new.search_internal)
  execute function kefu_search_words_update();

-- The words of the tickets there are.
insert into search_words (word)
select distinct w
  from tickets t,
       unnest(tsvector_to_array(t.search) || coalesce(tsvector_to_array(t.search_internal), '{}'::text[])) w
 where ascii(w) < 12288 and ascii(w) not between 48 and 57
on conflict do nothing;
