-- An alert is said in its reader's language when it is read: what it is about is kept as data
-- (the mailbox's name and address, how long it had failed, the kind of failure), and `message`
-- keeps the IMAP library's or the server's own words as a detail. Alerts raised before this
-- have no params; their message is the English sentence they were raised with.
alter table email_alerts add column params jsonb;
