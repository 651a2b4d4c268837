import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useMe, useSignOut } from '../api/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from './notifications/NotificationBell.tsx';
import { SearchBox } from '../agent/search/SearchBox.tsx';

/** `activeOn`: the paths (prefixes) where the link shows as current, when that is not simply `to` and below. */
export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
  activeOn?: string[];
  /** A page the server renders (the help center): an ordinary link, not the app's router. */
  external?: boolean;
}

export function AppHeader({
  nav,
  home,
  area,
  account,
  tools = true,
}: {
  nav: NavItem[];
  home: string;
  area?: ReactNode;
  account?: ReactNode;
  /** Staff's search and notifications (off where the session may not use them yet: two-step verification to set up). */
  tools?: boolean;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <header className="app-header">
      <a href="#main" className="skip-link">
        {t('common.skip_to_content')}
      </a>
      <Link to={home} className="brand" aria-label={t('common.home')}>
        <span className="brand-mark" aria-hidden="true">
          客
        </span>
        <span className="brand-name">{t('common.product')}</span>
        {area && <span className="brand-area">{area}</span>}
      </Link>
      <nav aria-label={t('common.main_nav')} className="app-nav">
        {nav.map((n) =>
          n.external ? (
            <a key={n.to} href={n.to}>
              {n.label}
            </a>
          ) : (
            <NavLink
              key={n.to}
              to={n.to}
              end={n.end}
              className={
                n.activeOn
                  ? () => (n.activeOn!.some((p) => location.pathname === p || location.pathname.startsWith(`${p}/`)) ? 'active' : '')
                  : undefined
              }
            >
              {n.label}
            </NavLink>
          ),
        )}
      </nav>
      <div className="header-right">
        <LanguageSwitch />
        {me && (
          <>
            {tools && (me.role === 'agent' || me.role === 'admin') && <SearchBox />}
            {tools && (me.role === 'agent' || me.role === 'admin') && <NotificationBell />}
            {/* Your account: two-step verification and the password (/account). */}
            <Link className="who" to="/account" title={me.email ?? undefined}>
              {me.name}
            </Link>
            {account}
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={async () => {
                await signOut();
                navigate('/signin');
              }}
            >
              {t('auth.sign_out')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
