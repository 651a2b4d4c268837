-- Words written right before Chinese (SSL证书, 522错误) are indexed as words from now on
-- (server/domain/search/tokenize.ts); tickets and articles indexed before get them added by the
-- search.mixed_runs job (server/modules/tickets/searchReindex.ts), in id order, in the background.
-- A new database has nothing indexed the old way: no job.
insert into jobs (name, payload)
select 'search.mixed_runs', '{"phase": "tickets", "after_id": 0}'
 where exists (select 1 from tickets) or exists (select 1 from kb_articles);
