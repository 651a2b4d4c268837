import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useMe } from '../api/session.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { AgentTicket } from './ticket/AgentTicket.tsx';
import { NewTicketPage } from './NewTicketPage.tsx';
import { QueuePage } from './QueuePage.tsx';
import { QueueSidebar } from './QueueSidebar.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { useShortcuts } from './useShortcuts.ts';

export function AgentRoutes() {
  const { t } = useTranslation();
  const me = useMe().data;
  const [help, setHelp] = useState(false);
  useShortcuts({ '?': () => setHelp(true) });
  const nav = [
    { to: '/agent', label: t('agent.nav.queue') },
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
          <Route index element={<Navigate to="queue/mine" replace />} />
          <Route path="queue/:view" element={<QueuePage />} />
          <Route path="tickets/:number" element={<AgentTicket />} />
          <Route path="new" element={<NewTicketPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
      <button type="button" className="help-fab" onClick={() => setHelp(true)} aria-label={t('agent.keys.title')}>?</button>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
