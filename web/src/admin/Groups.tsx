import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Group } from '../api/types.ts';
import { useGroups, useStaff } from '../agent/ticket/useStaff.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner, errorText } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
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
                  <GroupName group={g} onSaved={done} />
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
    </main>
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
