import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { componentNames, openIncidents, useStatusPage } from '../api/status.ts';
import { Icon } from '../components/Icon.tsx';

/**
 * Open status incidents, for customers about to report a problem (portal pages, the guided form,
 * the guest ticket page): what is known, the latest update, and the status page. Nothing when all is well.
 */
export function StatusBanner() {
  const { t } = useTranslation();
  const q = useStatusPage();
  const open = openIncidents(q.data);
  if (!open.length) return null;
  return (
    <div className="status-banners">
      {open.map((i) => {
        const latest = i.updates[0];
        const names = componentNames(q.data, i.components);
        return (
          <div key={i.id} className="banner banner-warn status-banner" role="status" data-incident={i.id}>
            <div>
              <strong>
                <Icon name="pulse" /> {t('statuspage.banner.title', { title: i.title })}
              </strong>
              <p>
                {names.length ? t('statuspage.banner.affects', { components: names.join(t('statuspage.list_sep')) }) + ' ' : ''}
                {t(`statuspage.incident_status.${i.status}`)}
                {latest ? `${t('common.label_separator')}${latest.message}` : ''}
              </p>
              <p className="small">{t('statuspage.banner.hint')}</p>
            </div>
            <div className="status-banner-actions">
              <Link className="btn" to="/status#subscribe">
                {t('statuspage.subscribe.banner_action')}
              </Link>
              <Link className="btn btn-ghost" to="/status">
                {t('statuspage.banner.link')}
              </Link>
            </div>
          </div>
        );
      })}
    </div>
  );
}
