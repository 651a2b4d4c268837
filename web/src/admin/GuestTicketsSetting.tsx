import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { QueryView } from '../components/QueryView.tsx';

type Settings = { enabled: boolean };

/** Admin › Channels: whether the public form at /contact/new takes requests from people without an account (docs/guest-tickets.md). */
export function GuestTicketsSetting() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const current = useQuery({ queryKey: ['guest-tickets-setting'], queryFn: () => api.get<Settings>('/settings/guest-tickets') });
  const save = useMutation({
    mutationFn: (enabled: boolean) => api.patch<Settings>('/settings/guest-tickets', { enabled }),
    onSuccess: (s) => {
      qc.setQueryData(['guest-tickets-setting'], s);
      void qc.invalidateQueries({ queryKey: ['guest-form'] });
    },
  });
  return (
    <section className="section" aria-labelledby="guest-tickets-title">
      <h2 id="guest-tickets-title">{t('admin.guest_tickets.title')}</h2>
      <p className="muted">
        {t('admin.guest_tickets.intro')} <Link to="/contact/new">/contact/new</Link>
      </p>
      {save.error ? <ErrorBanner error={save.error} /> : null}
      <QueryView query={current}>
        {(s) => (
          <label className="row-gap">
            <input type="checkbox" checked={s.enabled} disabled={save.isPending} onChange={(e) => save.mutate(e.target.checked)} />
            {t('admin.guest_tickets.enabled')}
          </label>
        )}
      </QueryView>
    </section>
  );
}
