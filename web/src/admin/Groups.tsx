import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ApiResponse, Group } from '../api/types.ts';
import { useGroups, useStaff } from '../agent/ticket/useStaff.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner, errorText } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { Modal } from '../components/Modal.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';

/** Agent groups and who is in each. */
export function Groups() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.groups'));
  const qc = useQueryClient();
  const groups = useGroups();
  const staff = useStaff().data ?? [];
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<Group | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const done = () => void qc.invalidateQueries({ queryKey: ['groups'] });
  const create = useMutation({
    mutationFn: () => api.post<Group>('/groups', { name }),
    onSuccess: () => {
      setName('');
      done();
    },
  });
  // The API takes a group's whole member list. Ticks made faster than the server answers each build
  // on the one before (the boxes show them at once) and go out one after another; the lists are read
  // from the server again only once the last has settled, so no tick is lost or undone on screen.
  const [ticked, setTicked] = useState<ReadonlyMap<number, number[]>>(new Map());
  const latest = useRef(ticked);
  const members = useMutation({
    mutationKey: ['group-members'],
    scope: { id: 'group-members' },
    mutationFn: (g: { id: number; member_ids: number[] }) => api.patch(`/groups/${g.id}`, { member_ids: g.member_ids }),
    onSettled: () => {
      if (qc.isMutating({ mutationKey: ['group-members'] }) > 1) return;
      const lists = latest.current;
      qc.setQueryData<Group[]>(['groups'], (all) => all?.map((x) => ({ ...x, member_ids: lists.get(x.id) ?? x.member_ids })));
      latest.current = new Map();
      setTicked(latest.current);
      done();
    },
  });
  const memberIds = (g: Group) => ticked.get(g.id) ?? g.member_ids;
  const toggle = (g: Group, personId: number, on: boolean) => {
    const current = latest.current.get(g.id) ?? g.member_ids;
    const next = on ? [...current.filter((x) => x !== personId), personId] : current.filter((x) => x !== personId);
    latest.current = new Map(latest.current).set(g.id, next);
    setTicked(latest.current);
    members.mutate({ id: g.id, member_ids: next });
  };
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.groups')}</h1>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <Field label={t('admin.groups.name')}>
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-primary">
          {t('admin.groups.create')}
        </button>
      </form>
      {(create.isError || members.isError) && <ErrorBanner error={create.error ?? members.error} />}
      {deleted && (
        <p className="notice" role="status">
          {t('admin.groups.deleted', { name: deleted })}
        </p>
      )}
      <QueryView query={groups}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={t('admin.groups.empty')} />
          ) : (
            <div className="cards">
              {list.map((g) => (
                <fieldset key={g.id} className="card">
                  <legend>
                    <strong>{g.name}</strong> <span className="muted">{t('admin.groups.count', { count: memberIds(g).length })}</span>
                  </legend>
                  <div className="btn-row">
                    <GroupName group={g} onSaved={done} />
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      aria-label={t('admin.groups.delete_label', { name: g.name })}
                      onClick={() => {
                        setDeleted(null);
                        setDeleting(g);
                      }}
                    >
                      {t('admin.groups.delete')}
                    </button>
                  </div>
                  {staff.map((s) => (
                    <label key={s.id} className="check">
                      <input type="checkbox" checked={memberIds(g).includes(s.id)} onChange={(e) => toggle(g, s.id, e.target.checked)} />
                      {s.name} <span className="muted">{t(`role.${s.role}`)}</span>
                    </label>
                  ))}
                </fieldset>
              ))}
            </div>
          )
        }
      </QueryView>
      {deleting && (
        <DeleteGroup
          group={deleting}
          others={(groups.data ?? []).filter((x) => x.id !== deleting.id)}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleted(deleting.name);
            setDeleting(null);
            done();
          }}
        />
      )}
    </main>
  );
}

type DeletionPreview = ApiResponse<'/api/v1/groups/{id}/deletion-preview', 'get'>;

/**
 * The confirmation screen of a deletion: what moves where (tickets not closed, views, macros), who
 * leaves, and what stays (closed tickets keep the name), read from the server before confirming.
 */
function DeleteGroup({ group, others, onClose, onDeleted }: { group: Group; others: Group[]; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [moveTo, setMoveTo] = useState('');
  const preview = useQuery({
    queryKey: ['group-deletion', group.id],
    queryFn: () => api.get<DeletionPreview>(`/groups/${group.id}/deletion-preview`),
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/groups/${group.id}${moveTo ? `?move_to=${moveTo}` : ''}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['queue'] });
      await qc.invalidateQueries({ queryKey: ['views'] });
      await qc.invalidateQueries({ queryKey: ['macros'] });
      onDeleted();
    },
  });
  const to = moveTo ? (others.find((o) => String(o.id) === moveTo)?.name ?? '') : t('admin.groups.delete_none_target');
  const names = (list: Array<{ name: string }>) => list.map((x) => x.name).join(t('common.list_separator'));
  return (
    <Modal open onClose={onClose} title={t('admin.groups.delete_title', { name: group.name })}>
      <Field label={t('admin.groups.move_to')}>
        {(p) => (
          <select {...p} value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
            <option value="">{t('admin.groups.move_to_none')}</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <QueryView query={preview}>
        {(p) => {
          const limited = p.members.filter((m) => m.limited_to_groups && m.other_groups === 0);
          return (
            <div className="notice" role="note" data-testid="group-deletion-preview">
              <ul className="plain">
                <li>{p.tickets > 0 ? t('admin.groups.delete_tickets', { count: p.tickets, to }) : t('admin.groups.delete_no_tickets')}</li>
                {p.closed_tickets > 0 && <li>{t('admin.groups.delete_closed', { count: p.closed_tickets })}</li>}
                {p.views.length > 0 && <li>{t('admin.groups.delete_views', { to, names: names(p.views) })}</li>}
                {p.macros.length > 0 && (
                  <li>
                    {moveTo
                      ? t('admin.groups.delete_macros', { to, names: names(p.macros) })
                      : t('admin.groups.delete_macros_none', { names: names(p.macros) })}
                  </li>
                )}
                {p.addresses.length > 0 && (
                  <li>
                    {moveTo
                      ? t('admin.groups.delete_addresses', { to, names: names(p.addresses) })
                      : t('admin.groups.delete_addresses_none', { names: names(p.addresses) })}
                  </li>
                )}
                {p.members.length > 0 && <li>{t('admin.groups.delete_members', { count: p.members.length })}</li>}
                {limited.length > 0 && <li>{t('admin.groups.delete_limited', { names: names(limited) })}</li>}
              </ul>
            </div>
          );
        }}
      </QueryView>
      {remove.isError && <ErrorBanner error={remove.error} />}
      <div className="btn-row">
        <button type="button" className="btn btn-danger" disabled={!preview.isSuccess || remove.isPending} onClick={() => remove.mutate()}>
          {t('admin.groups.delete_confirm', { name: group.name })}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('admin.groups.cancel')}
        </button>
      </div>
    </Modal>
  );
}

/** Renames a group (its tickets, views and reports follow: they point at the group, not its name). */
function GroupName({ group, onSaved }: { group: Group; onSaved: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  const rename = useMutation({
    mutationFn: () => api.patch<Group>(`/groups/${group.id}`, { name: name.trim() }),
    onSuccess: () => {
      setEditing(false);
      onSaved();
    },
  });
  if (!editing)
    return (
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        aria-label={t('admin.groups.rename_label', { name: group.name })}
        onClick={() => {
          setName(group.name);
          rename.reset();
          setEditing(true);
        }}
      >
        {t('admin.groups.rename')}
      </button>
    );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && name.trim() !== group.name) rename.mutate();
        else setEditing(false);
      }}
    >
      <Field label={t('admin.groups.new_name')} error={rename.isError ? errorText(rename.error, t) : undefined}>
        {(p) => <input {...p} required autoFocus maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-primary btn-sm" disabled={rename.isPending}>
        {t('admin.groups.save_name')}
      </button>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(false)}>
        {t('admin.groups.cancel')}
      </button>
    </form>
  );
}
