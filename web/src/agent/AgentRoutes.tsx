import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router-dom';
import { useMe } from '../api/session.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { Spinner } from '../components/Loading.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { MacrosPage } from './macros/MacrosPage.tsx';
import { AgentTicket } from './ticket/AgentTicket.tsx';
import { NewTicketPage } from './NewTicketPage.tsx';
import { OrganizationPage } from './people/OrganizationPage.tsx';
import { PersonPage } from './people/PersonPage.tsx';
import { LandingView } from './queue/LandingView.tsx';
import { QueuePage } from './QueuePage.tsx';
import { QueueSidebar } from './QueueSidebar.tsx';
import { SearchPage } from './search/SearchPage.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { useShortcuts } from './useShortcuts.ts';

// The reports (and Chart.js with them) load when opened: the console's first load does not grow.
const ReportsPage = lazy(() => import('./reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const BreachedTickets = lazy(() => import('./reports/BreachedTickets.tsx').then((m) => ({ default: m.BreachedTickets })));

export function AgentRoutes() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [help, setHelp] = useState(false);
  useShortcuts({ '?': () => setHelp(true) });
  const nav = [
    // The queue is current on its views and on a ticket opened from them, not on the other console pages.
    { to: '/agent', label: t('agent.nav.queue'), activeOn: ['/agent/queue', '/agent/tickets'] },
    { to: '/agent/macros', label: t('macros.nav') },
    { to: '/agent/reports', label: t('reports.nav') },
    { to: '/agent/new', label: t('agent.nav.new_ticket') },
    ...(me?.role === 'admin' ? [{ to: '/admin', label: t('admin.nav.admin') }] : []),
    { to: '/requests', label: t('agent.nav.portal'), end: true },
  ];
  return (
    <div className="console">
      <AppHeader nav={nav} home="/agent" area={t('agent.area')} />
      <div className="console-body">
        <QueueSidebar />
        <Routes>
          <Route index element={<LandingView />} />
          <Route path="queue/:view" element={<QueuePage />} />
          <Route path="tickets/:number" element={<AgentTicket />} />
          <Route path="people/:id" element={<PersonPage />} />
          <Route path="organizations/:id" element={<OrganizationPage />} />
          <Route path="macros" element={<MacrosPage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="new" element={<NewTicketPage />} />
          <Route
            path="reports"
            element={
              <Suspense fallback={<Spinner />}>
                <ReportsPage />
              </Suspense>
            }
          />
          <Route
            path="reports/breached"
            element={
              <Suspense fallback={<Spinner />}>
                <BreachedTickets />
              </Suspense>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
      <button type="button" className="help-fab" onClick={() => setHelp(true)} aria-label={t('agent.keys.title')}>
        ?
      </button>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
