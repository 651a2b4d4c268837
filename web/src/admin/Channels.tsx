import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useEmailSettings } from './email/emailApi.ts';
import { MailDeliveryNotice } from './email/MailDeliveryNotice.tsx';
import { Mailboxes } from './email/Mailboxes.tsx';
import { SmtpSettings } from './email/SmtpSettings.tsx';
import { SupportAddresses } from './email/SupportAddresses.tsx';
import { GuestTicketsSetting } from './GuestTicketsSetting.tsx';
import { ChannelSettings } from './ChannelSettings.tsx';

/** How mail goes out (SMTP or only the outbox), then support addresses and mailboxes, each editable. */
function Delivery() {
  const { t } = useTranslation();
  const settings = useEmailSettings();
  return (
    <section className="section" aria-labelledby="delivery-title">
      <h2 id="delivery-title">{t('admin.email.delivery')}</h2>
      <QueryView query={settings}>
        {(s) => (
          <>
            {s.delivery === 'smtp' ? (
              <>
                <p data-testid="smtp-current">
                  {t(s.smtp_source === 'environment' ? 'admin.email.smtp_env' : 'admin.email.smtp_setting')}{' '}
                  <code className="mono">{s.smtp_url}</code>
                </p>
                <p>
                  <Link to="/admin/outbox">{t('admin.email.open_outbox')}</Link>
                </p>
              </>
            ) : (
              <MailDeliveryNotice place="delivery" />
            )}
            <SmtpSettings settings={s} />
          </>
        )}
      </QueryView>
    </section>
  );
}

export function Channels() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.channels'));
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.channels')}</h1>
      </div>
      <Delivery />
      <SupportAddresses />
      <Mailboxes />
      <GuestTicketsSetting />
      <ChannelSettings />
    </main>
  );
}
