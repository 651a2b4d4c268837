-- A support address may send its new tickets to a group (docs/email.md, "Addresses and groups"):
-- mail to billing@ lands in the Billing group's queue and tells its members. Deleting the group
-- leaves the address without one.
alter table support_addresses add column group_id bigint references groups(id) on delete set null;
