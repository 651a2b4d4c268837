import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useEmailSettings } from './emailApi.ts';

/**
 * Says plainly when no SMTP server is set: every mail then waits in the outbox, where the admin can read it.
 * `place`: on Channels and email the SMTP form is just below; elsewhere the notice names that page and links to it.
 */
export function MailDeliveryNotice({ place }: { place: 'delivery' | 'outbox' | 'elsewhere' }) {
  const { t } = useTranslation();
  const settings = useEmailSettings();
  if (settings.data?.delivery !== 'outbox_only') return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="mail-not-sent">
      <div>
        <strong>{t('admin.email.not_sent_title')}</strong>
        <p>{t(place === 'delivery' ? 'admin.email.not_sent_body' : 'admin.email.not_sent_body_elsewhere')}</p>
      </div>
      <div className="banner-actions">
        {place !== 'delivery' && (
          <Link className="btn btn-sm" to="/admin/channels">
            {t('admin.email.set_up_delivery')}
          </Link>
        )}
        {place !== 'outbox' && (
          <Link className="btn btn-sm" to="/admin/outbox">
            {t('admin.email.open_outbox')}
          </Link>
        )}
      </div>
    </div>
  );
}
