import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { Organization, Person } from '../../api/types.ts';
import { errorText } from '../../components/ErrorBanner.tsx';

/** Moves a person to another organization (or to none), picked by the start of its name; staff only. */
export function OrganizationField({ person: p }: { person: Person }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const orgs = useQuery({
    queryKey: ['organizations', 'pick', text.trim()],
    enabled: open,
    queryFn: ({ signal }) => api.get<Page<Organization>>('/organizations', { q: text.trim() || undefined, limit: 8 }, signal),
  });
  const move = useMutation({
    mutationFn: (organizationId: number | null) => api.patch<Person>(`/people/${p.id}`, { organization_id: organizationId }),
    onSuccess: (next) => {
      qc.setQueryData(['person', p.id], next);
      setOpen(false);
      setText('');
    },
  });
  if (!open)
    return (
      <div className="btn-row">
        <button type="button" className="btn btn-sm" onClick={() => setOpen(true)} data-testid="change-org">
          {t('people.change_organization')}
        </button>
      </div>
    );
  const list = (orgs.data?.data ?? []).filter((o) => o.id !== p.organization_id);
  return (
    <div className="org-pick" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <input
        type="search"
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('people.find_organization')}
        aria-label={t('people.find_organization')}
      />
      <ul className="plain pick-list">
        {list.map((o) => (
          <li key={o.id}>
            <button type="button" className="link-btn" onClick={() => move.mutate(o.id)} disabled={move.isPending}>
              {o.name}
            </button>
          </li>
        ))}
        {orgs.isSuccess && !list.length && <li className="muted">{t('people.no_match')}</li>}
      </ul>
      <div className="btn-row">
        {p.organization_id != null && (
          <button type="button" className="btn btn-sm" onClick={() => move.mutate(null)} disabled={move.isPending}>
            {t('people.remove_organization')}
          </button>
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(false)}>
          {t('people.cancel')}
        </button>
      </div>
      {move.isError && (
        <div className="field-msg" role="alert">
          {errorText(move.error, t)}
        </div>
      )}
    </div>
  );
}
