import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { AppHeader } from '../components/AppHeader.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { AuditLog } from './AuditLog.tsx';
import { Calendars } from './calendars/Calendars.tsx';
import { Channels } from './Channels.tsx';
import { Outbox } from './email/Outbox.tsx';
import { Groups } from './Groups.tsx';
import { Lifecycle } from './Lifecycle.tsx';
import { Organizations } from './Organizations.tsx';
import { People } from './People.tsx';
import { ReportSettings } from './ReportSettings.tsx';
import { SlaPolicies } from './SlaPolicies.tsx';
import { TicketFields } from './TicketFields.tsx';
import { Tokens } from './Tokens.tsx';
import { Webhooks } from './Webhooks.tsx';
import { StatusAdmin } from './StatusAdmin.tsx';
import { HelpCenter } from './HelpCenter.tsx';

const SECTIONS = [
  'organizations',
  'people',
  'groups',
  'calendars',
  'sla',
  'lifecycle',
  'reports',
  'ticket-fields',
  'channels',
  'outbox',
  'tokens',
  'webhooks',
  'audit',
  'status',
  'help',
] as const;

export function AdminRoutes() {
  const { t } = useTranslation();
  const nav = [
    { to: '/agent', label: t('agent.nav.queue') },
    { to: '/admin', label: t('admin.nav.admin') },
  ];
  return (
    <div className="console">
      <AppHeader nav={nav} home="/admin" area={t('admin.area')} />
      <div className="console-body">
        <nav className="sidebar" aria-label={t('admin.nav.admin')}>
          <h2 className="sidebar-title">{t('admin.nav.admin')}</h2>
          <ul>
            {SECTIONS.map((s) => (
              <li key={s}>
                <NavLink to={`/admin/${s}`}>{t(`admin.nav.${s}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Routes>
          <Route index element={<Navigate to="organizations" replace />} />
          <Route path="organizations" element={<Organizations />} />
          <Route path="people" element={<People />} />
          <Route path="groups" element={<Groups />} />
          <Route path="calendars" element={<Calendars />} />
          <Route path="calendars/:id" element={<Calendars />} />
          <Route path="sla" element={<SlaPolicies />} />
          <Route path="lifecycle" element={<Lifecycle />} />
          <Route path="reports" element={<ReportSettings />} />
          <Route path="ticket-fields" element={<TicketFields />} />
          <Route path="channels" element={<Channels />} />
          <Route path="outbox" element={<Outbox />} />
          <Route path="outbox/:id" element={<Outbox />} />
          <Route path="tokens" element={<Tokens />} />
          <Route path="webhooks" element={<Webhooks />} />
          <Route path="audit" element={<AuditLog />} />
          <Route path="status" element={<StatusAdmin />} />
          <Route path="help" element={<HelpCenter />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </div>
    </div>
  );
}
