-- Reply-To of the mail that opened a ticket, when it differs from From and may be honoured: the
-- requester stays the From person; acknowledgements, agent replies and "solved" mail are addressed
-- here instead of the requester's own address. Never a person, never proof of identity.
alter table email_threads add column reply_to text;
