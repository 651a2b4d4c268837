-- The API token an audited action came through (null: a signed-in session, the setup page, the
-- `kefu` command, or before this column). No foreign key: the log outlives what it names.
alter table audit_log add column token_id bigint;
