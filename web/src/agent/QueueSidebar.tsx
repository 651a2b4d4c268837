import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { ViewEditor } from './queue/ViewEditor.tsx';
import { countText, useViews, viewName, viewSlug } from './views.ts';

/** The agent's views, each with its ticket count (kept current by live ticket events). */
export function QueueSidebar() {
  const { t } = useTranslation();
  const views = useViews();
  const [creating, setCreating] = useState(false);
  return (
    <nav className="sidebar" aria-label={t('agent.views')}>
      <h2 className="sidebar-title">{t('agent.views')}</h2>
      <ul className="view-links" aria-busy={views.isPending}>
        {(views.data ?? []).map((v) => (
          <li key={v.id}>
            <NavLink to={`/agent/queue/${viewSlug(v)}`} data-testid="view-link" data-view={viewSlug(v)}>
              <span className="view-name">{viewName(t, v)}</span>{' '}
              <span className="view-count-box">
                <span
                  className={`view-count${v.count ? '' : ' zero'}`}
                  title={v.count_capped ? t('agent.count_capped', { count: v.count }) : undefined}
                >
                  {countText(v)}
                </span>
              </span>
              {v.pinned && <span className="sr-only"> ({t('agent.pinned')})</span>}
            </NavLink>
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-sm btn-ghost sidebar-new-view" onClick={() => setCreating(true)}>
        + {t('agent.view_editor.new')}
      </button>
      <ViewEditor open={creating} view={null} onClose={() => setCreating(false)} />
      {views.isError && (
        <p className="sidebar-hint muted" role="alert">
          {t('agent.views_failed')}
        </p>
      )}
      <p className="sidebar-hint muted">{t('agent.shortcut_hint')}</p>
    </nav>
  );
}
