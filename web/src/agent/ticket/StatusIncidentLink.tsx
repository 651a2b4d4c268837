import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { componentNames, openIncidents, useStatusPage } from '../../api/status.ts';
import type { Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

/**
 * The status incident this ticket is about: one click links it to an open one (it then gets the
 * resolution reply), one click unlinks. Hidden when there is no open incident and no link.
 */
export function StatusIncidentLink({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const page = useStatusPage();
  const set = useMutation({
    mutationFn: (incident: number | null) => api.patch<Ticket>(`/tickets/${ticket.id}`, { status_incident_id: incident }),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: ['ticket'] }), qc.invalidateQueries({ queryKey: ['events', ticket.id] })]),
  });
  const linked = ticket.status_incident_id ?? null;
  const open = openIncidents(page.data);
  const current = page.data?.incidents.find((i) => i.id === linked);
  if (linked == null && !open.length) return null;
  return (
    <section className="panel" aria-labelledby={`status-incident-${ticket.id}`} data-testid="status-incident-panel">
      <h2 className="panel-title" id={`status-incident-${ticket.id}`}>
        {t('statuspage.agent.heading')}
      </h2>
      {set.isError && <ErrorBanner error={set.error} />}
      {linked != null && (
        <div className="status-admin-row">
          <span>
            <span className="badge ok">{t('statuspage.agent.linked')}</span>{' '}
            <Link to={`/status#incident-${linked}`}>{current?.title ?? `#${linked}`}</Link>
            {current && <span className="muted small"> · {t(`statuspage.incident_status.${current.status}`)}</span>}
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={set.isPending || ticket.status === 'closed'}
            onClick={() => set.mutate(null)}
          >
            {t('statuspage.agent.unlink')}
          </button>
        </div>
      )}
      {open
        .filter((i) => i.id !== linked)
        .map((i) => (
          <div key={i.id} className="status-admin-row">
            <span>
              {i.title}
              {i.components.length > 0 && (
                <span className="muted small"> · {componentNames(page.data, i.components).join(t('statuspage.list_sep'))}</span>
              )}
            </span>
            <button
              type="button"
              className="btn btn-sm"
              disabled={set.isPending || ticket.status === 'closed'}
              onClick={() => set.mutate(i.id)}
            >
              {t('statuspage.agent.link')}
            </button>
          </div>
        ))}
    </section>
  );
}
