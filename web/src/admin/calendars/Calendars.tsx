import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState.tsx';
import { localName } from '../../components/sla.ts';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { useCalendars } from '../adminApi.ts';
import { CalendarEditor } from './CalendarEditor.tsx';

/** Business calendars: opening hours per weekday, holidays, make-up workdays, and a live "due" preview. */
export function Calendars() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('admin.nav.calendars'));
  const { id } = useParams();
  const calendars = useCalendars();
  const current = id && id !== 'new' ? calendars.data?.find((c) => String(c.id) === id) : undefined;
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.calendars')}</h1>
        <span className="spacer" />
        <Link to="/admin/calendars/new" className="btn btn-primary">
          + {t('admin.cal.new')}
        </Link>
      </div>
      <QueryView query={calendars} skeleton={<Skeleton rows={1} height={48} />}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('admin.cal.empty')}</p>
          ) : (
            <ul className="cal-tabs" aria-label={t('admin.nav.calendars')}>
              {list.map((c) => (
                <li key={c.id}>
                  <NavLink to={`/admin/calendars/${c.id}`}>
                    <strong>{localName(c, i18n.language)}</strong>
                    <span className="muted small">{c.spec?.timezone ?? c.timezone}</span>
                  </NavLink>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      {id === 'new' ? (
        <CalendarEditor key="new" record={null} />
      ) : current ? (
        <CalendarEditor key={String(current.id)} record={current} />
      ) : id && calendars.isSuccess ? (
        <EmptyState title={t('errors.not_found_title')} />
      ) : !id ? (
        <EmptyState icon="calendar" title={t('admin.cal.pick')}>
          {t('admin.cal.pick_body')}
        </EmptyState>
      ) : null}
    </main>
  );
}
