-- A mail is marked 'sending' by its owner (a worker) before Kefu talks to the relay, so that no other
-- instance sends it at the same time; a crash mid-send leaves the mark, which expires (sending_until)
-- and the mail is sent again with the same Message-ID (docs/email.md, "Exactly once").
alter table outbound_emails drop constraint if exists outbound_emails_status_check;
alter table outbound_emails add constraint outbound_emails_status_check
  check (status in ('queued', 'sending', 'sent', 'local', 'failed', 'bounced'));
alter table outbound_emails add column sending_by text, add column sending_until timestamptz;
