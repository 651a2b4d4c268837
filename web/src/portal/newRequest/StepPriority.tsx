import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Priority } from '../../api/types.ts';

/** P1–P4 with their definitions, so the customer picks by impact, not by mood. */
export function StepPriority({ value, onChange }: { value: Priority | ''; onChange: (v: Priority) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="choice-list">
      <legend className="sr-only">{t('new.step.priority')}</legend>
      {PRIORITIES.map((p) => (
        <label key={p} className={`choice choice-prio${value === p ? ' selected' : ''}`}>
          <input type="radio" name="priority" checked={value === p} onChange={() => onChange(p)} />
          <span className="choice-title">
            <span className={`badge prio prio-${p}`}>{p}</span> {t(`priority.${p}.name`)}
          </span>
          <span className="choice-desc">{t(`priority.${p}.definition`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
