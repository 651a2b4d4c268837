import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon.tsx';

/**
 * Where diagnostics of the customer's setup and suggested articles will appear. Nothing is checked yet,
 * so after a short look it says so — designed, not blank.
 */
export function StepChecking({ summary, asset }: { summary: string; asset: string | null }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setDone(true), 900);
    return () => clearTimeout(id);
  }, []);
  return (
    <div className="checking" aria-live="polite">
      {!done ? (
        <div className="checking-row" role="status">
          <span className="spinner" aria-hidden="true" /> {t('new.checking.running', { asset: asset ?? t('new.checking.your_setup') })}
        </div>
      ) : (
        <>
          <div className="check-card">
            <div className="check-icon" aria-hidden="true">
              <Icon name="pulse" size={22} />
            </div>
            <div>
              <h3>{t('new.checking.diagnostics')}</h3>
              <p className="muted">{t('new.checking.no_findings')}</p>
            </div>
          </div>
          <div className="check-card">
            <div className="check-icon" aria-hidden="true">
              <Icon name="book" size={22} />
            </div>
            <div>
              <h3>{t('new.checking.articles')}</h3>
              <p className="muted">{t('new.checking.no_articles', { summary })}</p>
            </div>
          </div>
          <p className="muted">{t('new.checking.continue')}</p>
        </>
      )}
    </div>
  );
}
