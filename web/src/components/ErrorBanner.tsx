import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** Says in words what failed: the API's own message, or a translated one for a lost connection. Never a raw object. */
export function errorText(error: unknown, t: (k: string) => string): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('errors.network');
    // A wrong password is a 401 too, but it did not sign anybody out.
    if (error.code === 'invalid_credentials')
      return t(
        (error.details as { field?: string } | undefined)?.field === 'current_password'
          ? 'errors.current_password_wrong'
          : 'errors.invalid_credentials',
      );
    if (error.status === 401 && error.code === 'unauthenticated') return t('errors.signed_out');
    return error.message || t('errors.unexpected');
  }
  return t('errors.unexpected');
}

export function ErrorBanner({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>{title ?? t('errors.title')}</strong>
        <p>{errorText(error, t)}</p>
      </div>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
