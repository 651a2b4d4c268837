import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Ticket } from '../../api/types.ts';
import { SlaExpectation } from '../../components/SlaExpectation.tsx';

/**
 * The request's number and what to expect. A plan without a response target (Free) also points to
 * the community for a faster answer, as the plan's own terms advise.
 */
export function Confirmation({ ticket, communityUrl, onAnother }: { ticket: Ticket; communityUrl?: string | null; onAnother: () => void }) {
  const { t } = useTranslation();
  const noTarget = !ticket.sla && !ticket.first_response_due_at && !ticket.first_response_at;
  return (
    <div className="confirm" role="status">
      <div className="confirm-icon" aria-hidden="true">
        ✓
      </div>
      <h1 tabIndex={-1}>{t('new.confirm.title')}</h1>
      <p className="confirm-number">{t('new.confirm.number', { number: ticket.number })}</p>
      <p className="confirm-subject">{ticket.subject}</p>
      <div className="confirm-expect">
        <h2>{t('new.confirm.expect')}</h2>
        <SlaExpectation ticket={ticket} forCustomer />
        {noTarget && communityUrl && (
          <p className="small" data-testid="faster-in-community">
            {t('new.confirm.community')}{' '}
            <a href={communityUrl} target="_blank" rel="noreferrer">
              {t('kf.not_entitled.community')}
            </a>
          </p>
        )}
      </div>
      <p className="muted">{t('new.confirm.email_note')}</p>
      <div className="btn-row center">
        <Link to={`/requests/${ticket.number}`} className="btn btn-primary">
          {t('new.confirm.view')}
        </Link>
        <Link to="/requests" className="btn">
          {t('portal.my_requests')}
        </Link>
        <button type="button" className="btn btn-ghost" onClick={onAnother}>
          {t('new.confirm.another')}
        </button>
      </div>
    </div>
  );
}
