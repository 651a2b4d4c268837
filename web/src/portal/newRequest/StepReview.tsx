import { useTranslation } from 'react-i18next';
import { composeBody, type Draft } from './draft.ts';

export function StepReview({ d }: { d: Draft }) {
  const { t } = useTranslation();
  return (
    <div className="review">
      <dl className="kv">
        <dt>{t('new.review.organization')}</dt><dd>{d.organization?.name ?? t('new.review.none')}</dd>
        <dt>{t('new.review.asset')}</dt><dd>{d.asset?.name ?? t('new.asset.general')}</dd>
        <dt>{t('new.review.summary')}</dt><dd>{d.summary}</dd>
        <dt>{t('new.review.category')}</dt><dd>{d.category ? t(`category.${d.category}.name`) : '—'}</dd>
        <dt>{t('new.review.priority')}</dt><dd>{d.priority ? `${d.priority} — ${t(`priority.${d.priority}.name`)}` : '—'}</dd>
      </dl>
      <h3>{t('new.review.message')}</h3>
      <pre className="body-preview">{composeBody(d, t)}</pre>
    </div>
  );
}
