-- Merging two people who are one (docs/people.md): the merged-away person stays as a tombstone that
-- names the survivor, so old links, message authors and history still resolve.
alter table people add column merged_into_id bigint references people(id), add column merged_at timestamptz;
create index people_merged_into_idx on people (merged_into_id) where merged_into_id is not null;
-- An organization's open tickets, newest first (the organization page): without it the walk over
-- tickets_org_idx reads every solved and closed ticket of a large customer before the open ones.
create index tickets_org_unsolved_idx on tickets (organization_id, created_at, id) where status in ('new', 'open', 'pending', 'on_hold');
