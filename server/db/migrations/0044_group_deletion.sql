-- Deleting a group (docs/access.md, "Deleting a group"). The row stays, marked deleted: closed
-- tickets, their history and the reports still name the group. Its name is free again.
alter table groups add column deleted_at timestamptz;
drop index groups_name_uq;
create unique index groups_name_uq on groups (lower(name)) where deleted_at is null;

-- No ticket enters a deleted group, whichever path sets it (a form, bulk, a macro, mail): the
-- reference is refused as if the group did not exist (foreign_key_violation, a 422 to the client).
-- A ticket that stays in it (a closed one) is not touched.
create function tickets_group_not_deleted() returns trigger language plpgsql as $$
begin
  if new.group_id is not null and (tg_op = 'INSERT' or new.group_id is distinct from old.group_id)
     and exists (select 1 from groups where id = new.group_id and deleted_at is not null) then
    raise foreign_key_violation using message = 'group ' || new.group_id || ' was deleted';
  end if;
  return new;
end $$;
-- Only for a ticket that names a group: most tickets are created without one and pay nothing.
create trigger tickets_group_not_deleted before insert or update of group_id on tickets
  for each row when (new.group_id is not null) execute function tickets_group_not_deleted();
