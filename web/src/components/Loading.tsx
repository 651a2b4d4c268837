import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Renders nothing for the first ~300 ms, so fast answers never flash a spinner. */
export function useDelayed(active: boolean, ms = 300): boolean {
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (!active) {
      setShow(false);
      return;
    }
    const id = setTimeout(() => setShow(true), ms);
    return () => clearTimeout(id);
  }, [active, ms]);
  return active && show;
}

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  const show = useDelayed(true);
  if (!show) return null;
  return (
    <div className="spinner-wrap" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** Placeholder rows shaped like the content that is on its way. */
export function Skeleton({ rows = 5, height = 44 }: { rows?: number; height?: number }) {
  const { t } = useTranslation();
  const show = useDelayed(true);
  if (!show) return <div className="skeleton-pending" aria-busy="true" />;
  return (
    <div className="skeleton-list" role="status" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ height }} />
      ))}
    </div>
  );
}
