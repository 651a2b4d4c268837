import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { ApiToken } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Time } from '../components/Time.tsx';

/** API tokens: the secret is shown once, right after creation. */
export function Tokens() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.tokens'));
  const qc = useQueryClient();
  const [all, setAll] = useState(false);
  const [name, setName] = useState('');
  const tokens = useQuery({
    queryKey: ['tokens', all],
    queryFn: () => api.get<Page<ApiToken>>('/tokens', { all: all ? 'true' : undefined, limit: 100 }),
  });
  const create = useMutation({
    mutationFn: () => api.post<ApiToken>('/tokens', { name }),
    onSuccess: () => {
      setName('');
      void qc.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api.del(`/tokens/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.tokens')}</h1>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <Field label={t('admin.tokens.name')} hint={t('admin.tokens.name_hint')}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('admin.tokens.create')}
        </button>
      </form>
      {create.isError && <ErrorBanner error={create.error} />}
      {create.data?.token && (
        <div className="notice notice-ok" role="status">
          <p>{t('admin.tokens.copy_now')}</p>
          <code className="break token">{create.data.token}</code>
          <button type="button" className="btn btn-sm" onClick={() => void navigator.clipboard?.writeText(create.data!.token!)}>
            {t('common.copy')}
          </button>
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('admin.tokens.show_all')}
      </label>
      <QueryView query={tokens}>
        {(p) =>
          p.data.length === 0 ? (
            <EmptyState title={t('admin.tokens.empty')} />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('admin.tokens.name')}</th>
                    <th>{t('admin.tokens.prefix')}</th>
                    <th>{t('admin.tokens.created')}</th>
                    <th>{t('admin.tokens.last_used')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {p.data.map((x) => (
                    <tr key={x.id} className={x.revoked_at ? 'dim' : ''}>
                      <td>{x.name}</td>
                      <td className="mono">{x.prefix}…</td>
                      <td>
                        <Time value={x.created_at} />
                      </td>
                      <td>
                        {x.last_used_at ? (
                          <Time value={x.last_used_at} relative />
                        ) : (
                          <span className="muted">{t('admin.tokens.never')}</span>
                        )}
                      </td>
                      <td>
                        {x.revoked_at ? (
                          <span className="muted">{t('admin.tokens.revoked')}</span>
                        ) : (
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => revoke.mutate(x.id)}>
                            {t('admin.tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {revoke.isError && <ErrorBanner error={revoke.error} />}
    </main>
  );
}
