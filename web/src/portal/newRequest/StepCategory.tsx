import { useTranslation } from 'react-i18next';
import { usePlanNames, type TicketForm } from '../../api/plans.ts';
import { tightenHan } from '../../i18n/index.ts';

const name = (t: (k: string, o?: Record<string, unknown>) => string, c: string) => t(`category.${c}.name`, { defaultValue: c });

/**
 * The categories the plan includes (from the server), what it does not include with the community
 * link, and — on a plan without help from a person — what a ticket costs. (Why no ticket can be
 * opened at all is shown on every step: FormRefusal.)
 */
export function StepCategory({
  form,
  value,
  onChange,
}: {
  form: TicketForm;
  value: string;
  onChange: (key: string, technical: boolean) => void;
}) {
  const { t } = useTranslation();
  const planName = usePlanNames();
  const list = (keys: string[]) => keys.map((c) => name(t, c)).join(t('new.category.separator'));
  return (
    <>
      {form.can_submit && form.incident.consumes && (
        <p className="notice notice-warn" role="note" data-testid="incident-cost">
          {t('new.incident.cost', { n: form.incident.balance, left: form.incident.balance - 1 })}
        </p>
      )}
      {form.can_submit && (
        <fieldset className="choice-grid">
          <legend className="sr-only">{t('new.step.category')}</legend>
          {form.categories.map(({ key, technical }) => (
            <label key={key} className={`choice${value === key ? ' selected' : ''}`}>
              <input type="radio" name="category" checked={value === key} onChange={() => onChange(key, technical)} />
              <span className="choice-title">{name(t, key)}</span>
              <span className="choice-desc">{t(`category.${key}.desc`, { defaultValue: '' })}</span>
            </label>
          ))}
        </fieldset>
      )}
      {form.not_included.length > 0 && (
        <div className="notice" role="note" data-testid="not-included">
          <p>
            {tightenHan(t('new.category.not_included', { plan: planName(form.plan)?.name ?? '', categories: list(form.not_included) }))}
          </p>
          {form.community_url && (
            <a className="btn btn-sm" href={form.community_url} target="_blank" rel="noreferrer">
              {t('kf.not_entitled.community')}
            </a>
          )}
        </div>
      )}
    </>
  );
}
