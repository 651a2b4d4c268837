import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useEmailSettings } from './emailApi.ts';

/** Says plainly when no SMTP server is set: every mail then waits in the outbox, where the admin can read it. */
export function MailDeliveryNotice({ onOutbox = false }: { onOutbox?: boolean }) {
  const { t } = useTranslation();
  const settings = useEmailSettings();
  if (settings.data?.delivery !== 'outbox_only') return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="mail-not-sent">
      <div>
        <strong>{t('admin.email.not_sent_title')}</strong>
        <p>{t('admin.email.not_sent_body')}</p>
      </div>
      {!onOutbox && (
        <Link className="btn btn-sm" to="/admin/outbox">
          {t('admin.email.open_outbox')}
        </Link>
      )}
    </div>
  );
}
