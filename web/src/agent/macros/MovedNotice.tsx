import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Says, once, that the canned responses kept in this browser are now personal macros on the server. */
export function MovedNotice({ count, onDismiss, link = true }: { count: number; onDismiss: () => void; link?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-ok macro-moved" role="status" data-testid="canned-moved">
      <span>
        {t('macros.moved', { count })}
        {link && (
          <>
            {' '}
            <Link to="/agent/macros">{t('macros.manage')}</Link>
          </>
        )}
      </span>
      <button type="button" className="btn btn-ghost btn-sm" onClick={onDismiss}>
        {t('macros.dismiss')}
      </button>
    </div>
  );
}
