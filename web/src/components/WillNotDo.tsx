import { useTranslation } from 'react-i18next';
import { useLocalized, usePlan } from '../api/plans.ts';

/** The plan's "Support will not do" list; nothing when the plan has none. */
export function WillNotDo({ planId, className = 'panel' }: { planId: number | null | undefined; className?: string }) {
  const { t } = useTranslation();
  const plan = usePlan(planId);
  const text = useLocalized();
  const items = plan.data?.settings?.will_not_do ?? [];
  if (!items.length) return null;
  return (
    <section className={className} aria-label={t('kf.will_not_do.title')}>
      <h3 className="panel-title">{t('kf.will_not_do.title')}</h3>
      <ul className="plain will-not-do">
        {items.map((w, i) => (
          <li key={i}>✕ {text(w)}</li>
        ))}
      </ul>
    </section>
  );
}
