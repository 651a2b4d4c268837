-- Who added an address to someone else's profile (staff), or null: the person themselves, the mail
-- channel, or before this column. An address staff added recognizes the person's mail once verified,
-- but never receives a password-reset link: the one who added it (or whoever holds it) could otherwise
-- take the account over (docs/security.md, "Addresses staff add").
alter table person_emails add column added_by bigint references people(id);
