import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router-dom';
import { isStaff, useMe } from '../api/session.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { ContactSupport } from './contact/ContactSupport.tsx';
import { MyRequests } from './MyRequests.tsx';
import { NewRequest } from './newRequest/NewRequest.tsx';
import { PortalTicket } from './PortalTicket.tsx';
import { VerifyBanner } from './VerifyBanner.tsx';
import { StatusBanner } from '../status/StatusBanner.tsx';

export function PortalRoutes() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const nav = [
    { to: '/requests', label: t('portal.nav.my_requests'), end: true },
    { to: '/requests/new', label: t('portal.nav.new_request') },
    { to: '/requests/contact', label: t('kf.contact.nav') },
    // The help center is rendered by the server, in the reader's language (docs/help-center.md).
    { to: `/help?lang=${i18n.language === 'zh-CN' ? 'zh-CN' : 'en'}`, label: t('portal.nav.help'), external: true },
    // Seed 000: look at the status page before reporting a problem with a site; reachable on any day,
    // not only while an incident is announced (the banner below links it then).
    { to: '/status', label: t('portal.nav.status') },
    ...(isStaff(me) ? [{ to: '/agent', label: t('agent.nav.console') }] : []),
  ];
  return (
    <div className="portal">
      <AppHeader
        nav={nav}
        home="/requests"
        area={t('portal.area')}
        account={
          <Link className="btn btn-ghost btn-sm" to="/requests/contact#support-code">
            {t('kf.code.menu')}
          </Link>
        }
      />
      <div className="page page-narrow banner-slot">
        <VerifyBanner />
        <StatusBanner />
      </div>
      <Routes>
        <Route index element={<MyRequests />} />
        <Route path="new" element={<NewRequest />} />
        <Route path="contact" element={<ContactSupport />} />
        <Route path=":number" element={<PortalTicket />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
