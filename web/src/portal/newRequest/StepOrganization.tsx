import { useTranslation } from 'react-i18next';
import { usePlanNames } from '../../api/plans.ts';
import type { Organization } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';

export function StepOrganization({
  orgs,
  value,
  onChange,
}: {
  orgs: Organization[];
  value: Organization | null;
  onChange: (o: Organization) => void;
}) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  if (!orgs.length)
    return (
      <EmptyState icon="building" title={t('new.org.none_title')}>
        {t('new.org.none_body')}
      </EmptyState>
    );
  return (
    <fieldset className="choice-list">
      <legend className="sr-only">{t('new.step.organization')}</legend>
      {orgs.map((o) => (
        <label key={o.id} className={`choice${value?.id === o.id ? ' selected' : ''}`}>
          <input type="radio" name="organization" checked={value?.id === o.id} onChange={() => onChange(o)} />
          <span className="choice-title">{o.name}</span>
          <span className="choice-desc">
            {o.plan ? t('new.org.plan', { plan: planName(o.plan)?.name ?? o.plan.name }) : t('plan.none')}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
