import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Group } from '../api/types.ts';
import { useGroups, useStaff } from '../agent/ticket/useStaff.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
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
  const members = useMutation({
    mutationFn: (g: { id: number; member_ids: number[] }) => api.patch(`/groups/${g.id}`, { member_ids: g.member_ids }),
    onSuccess: done,
  });
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
                    <strong>{g.name}</strong> <span className="muted">{t('admin.groups.count', { count: g.member_ids.length })}</span>
                  </legend>
                  {staff.map((s) => (
                    <label key={s.id} className="check">
                      <input
                        type="checkbox"
                        checked={g.member_ids.includes(s.id)}
                        onChange={(e) =>
                          members.mutate({
                            id: g.id,
                            member_ids: e.target.checked ? [...g.member_ids, s.id] : g.member_ids.filter((x) => x !== s.id),
                          })
                        }
                      />
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
