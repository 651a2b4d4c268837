import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types.ts';
import { useMe } from '../api/session.ts';
import { EmptyState } from './EmptyState.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { Spinner } from './Loading.tsx';

/** Signed-out visitors go to sign in (and come back after); a role that may not see the page is told so. */
export function RequireAuth({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const loc = useLocation();
  if (me.isPending) return <Spinner />;
  if (me.isError)
    return (
      <main className="page">
        <ErrorBanner error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  if (!me.data) return <Navigate to={`/signin?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (roles && !roles.includes(me.data.role)) {
    return (
      <main className="page">
        <EmptyState icon="lock" title={t('errors.forbidden_title')}>
          {t('errors.forbidden_body')}
        </EmptyState>
      </main>
    );
  }
  return <>{children}</>;
}
