import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import { openIncidents, useStatusPage } from '../api/status.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';

interface LinkableTicket {
  id: number;
  status: string;
  requester_id: number;
  status_incident_id?: number | null;
}

/**
 * On the customer's own request: "this is my problem too" for each open status incident, or the
 * incident it is linked to (with a way back). The reply on resolution arrives on the request.
 */
export function ProblemToo({ ticket, onChange }: { ticket: LinkableTicket; onChange: () => unknown }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const page = useStatusPage();
  const link = useMutation({
    mutationFn: (incident: number | null) => api.patch(`/tickets/${ticket.id}`, { status_incident_id: incident }),
    onSuccess: () => onChange(),
  });
  if (!me || me.id !== ticket.requester_id || ticket.status === 'closed') return null;
  const linked = ticket.status_incident_id ?? null;
  const open = openIncidents(page.data);
  const current = open.find((i) => i.id === linked);
  if (linked != null) {
    // Linked to a resolved incident: its reply is in the conversation; nothing to offer.
    if (!current) return null;
    return (
      <div className="notice status-linked" role="note">
        <span>{t('statuspage.mine.linked', { title: current.title })}</span>{' '}
        <button type="button" className="btn btn-ghost btn-sm" disabled={link.isPending} onClick={() => link.mutate(null)}>
          {t('statuspage.mine.unlink')}
        </button>
      </div>
    );
  }
  if (ticket.status === 'solved' || !open.length) return null;
  return (
    <>
      {link.isError && <ErrorBanner error={link.error} />}
      {open.map((i) => (
        <div key={i.id} className="banner banner-warn status-banner" data-incident={i.id}>
          <div>
            <strong>{t('statuspage.mine.title', { title: i.title })}</strong>
            <p>{t('statuspage.mine.body')}</p>
          </div>
          <button type="button" className="btn btn-primary" disabled={link.isPending} onClick={() => link.mutate(i.id)}>
            {t('statuspage.mine.action')}
          </button>
        </div>
      ))}
    </>
  );
}
