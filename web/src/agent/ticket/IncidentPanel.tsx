import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Organization, Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

/** The organization's paid incidents left, and charging this ticket to one. */
export function IncidentPanel({ ticket, org }: { ticket: Ticket; org: Organization | undefined }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const charge = useMutation({
    mutationFn: () => api.post<{ incident_balance: number }>(`/tickets/${ticket.id}/consume-incident`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['organization', ticket.organization_id] });
    },
  });
  const balance = charge.data?.incident_balance ?? org?.incident_balance ?? 0;
  return (
    <section className="panel">
      <h2 className="panel-title">{t('kf.incidents.title')}</h2>
      <p data-testid="incident-balance">{t('kf.incidents.balance', { n: balance })}</p>
      <button type="button" className="btn btn-sm" disabled={charge.isPending || balance < 1} onClick={() => charge.mutate()}>
        {t('kf.incidents.charge')}
      </button>
      {charge.isSuccess && (
        <span className="ok-text small" role="status">
          {' '}
          ✓ {t('kf.incidents.charged')}
        </span>
      )}
      {charge.isError && <ErrorBanner error={charge.error} />}
    </section>
  );
}
