-- Search in the console header (docs/search.md): people and organizations found by the start of a
-- name or an e-mail address. `text_pattern_ops` lets `lower(x) like 'abc%'` use a btree range scan
-- whatever the database's collation (PGlite and PostgreSQL alike); pg_trgm is not used because
-- PostgreSQL servers need not have it and it cannot index two-character Chinese terms (adr/0002).
create index people_name_prefix_idx on people (lower(name) text_pattern_ops);
create index person_emails_email_prefix_idx on person_emails (lower(email) text_pattern_ops);
create index organizations_name_prefix_idx on organizations (lower(name) text_pattern_ops);
