import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** The words to show under a field whose value the API refused (422), or a wrong current password (401); else undefined. */
export const fieldError = (e: unknown) => (e instanceof ApiError && (e.status === 422 || e.status === 401) ? e.message : undefined);

/** What a refusal says about one field: its entry in a list of details (400/422), or the message of an error naming that field; else undefined. */
export function fieldErrorFor(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const d = error.details;
  if (Array.isArray(d)) return (d as Array<{ field?: string; message?: string }>).find((x) => x.field === field)?.message;
  return (d as { field?: string } | undefined)?.field === field ? error.message : undefined;
}

/** The form's own labels for the API's field names (`{ key: '键' }`): a refused form names its fields as the reader sees them. */
export type FieldLabels = Record<string, string>;

/**
 * A request the API refused field by field (`invalid_request` with a list of `{field, message}`), said with
 * the form's labels ("标题：必填；说明：必填"), not the API's field names; null when a field has no label here.
 */
function labelledDetails(error: ApiError, t: (k: string) => string, fields?: FieldLabels): string | null {
  if (!fields || error.code !== 'invalid_request' || !Array.isArray(error.details) || !error.details.length) return null;
  const list = error.details as Array<{ field?: string; message?: string }>;
  if (!list.every((d) => d.field && d.message && fields[d.field])) return null;
  return list.map((d) => `${fields[d.field!]}${t('common.label_separator')}${d.message}`).join(t('errors.field_separator'));
}

/** Says in words what failed: the API's own message, or a translated one for a lost connection. Never a raw object. */
export function errorText(error: unknown, t: (k: string) => string, fields?: FieldLabels): string {
  if (error instanceof ApiError) {
    const labelled = labelledDetails(error, t, fields);
    if (labelled) return labelled;
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

export function ErrorBanner({
  error,
  onRetry,
  title,
  fields,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  /** The form's labels for the API's field names: see `labelledDetails`. */
  fields?: FieldLabels;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>{title ?? t('errors.title')}</strong>
        <p>{errorText(error, t, fields)}</p>
      </div>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
