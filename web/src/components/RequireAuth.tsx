import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types.ts';
import { isStaff, useMe, useMySecurity } from '../api/session.ts';
import { EmptyState } from './EmptyState.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { Spinner } from './Loading.tsx';

/**
 * Signed-out visitors go to sign in (and come back after); a role that may not see the page is told so.
 * Staff whose admin requires two-step verification and who have not turned it on go to /account to do
 * so (every other request of theirs would be refused): not on /account itself (`twoFactorGate={false}`).
 */
export function RequireAuth({ roles, children, twoFactorGate = true }: { roles?: Role[]; children: ReactNode; twoFactorGate?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const loc = useLocation();
  const security = useMySecurity(twoFactorGate && isStaff(me.data));
  if (me.isPending) return <Spinner />;
  if (me.isError)
    return (
      <main className="page">
        <ErrorBanner error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  if (!me.data) return <Navigate to={`/signin?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (twoFactorGate && isStaff(me.data)) {
    if (security.isPending) return <Spinner />;
    const tf = security.data?.two_factor;
    if (tf?.required && !tf.enabled) return <Navigate to="/account?required=1" replace />;
  }
  if (roles && !roles.includes(me.data.role)) {
    return (
      <main className="page">
        <EmptyState icon="lock" title={t('errors.forbidden_title')}>
          {roles.length === 1 && roles[0] === 'admin' ? (
            <>
              {t('errors.forbidden_admin_body')} {isStaff(me.data) && <Link to="/agent">{t('errors.back_to_workspace')}</Link>}
            </>
          ) : (
            t('errors.forbidden_body')
          )}
        </EmptyState>
      </main>
    );
  }
  return <>{children}</>;
}
