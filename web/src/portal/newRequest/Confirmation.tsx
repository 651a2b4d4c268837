import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Ticket } from '../../api/types.ts';
import { SlaExpectation } from '../../components/SlaExpectation.tsx';

export function Confirmation({ ticket, onAnother }: { ticket: Ticket; onAnother: () => void }) {
  const { t } = useTranslation();
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
