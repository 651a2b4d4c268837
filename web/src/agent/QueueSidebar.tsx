import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { VIEWS } from './views.ts';

export function QueueSidebar() {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('agent.views')}>
      <h2 className="sidebar-title">{t('agent.views')}</h2>
      <ul>
        {VIEWS.map((v) => (
          <li key={v.id}><NavLink to={`/agent/queue/${v.id}`}>{t(`agent.view.${v.id}`)}</NavLink></li>
        ))}
      </ul>
      <p className="sidebar-hint muted">{t('agent.shortcut_hint')}</p>
    </nav>
  );
}
