import { useTranslation } from 'react-i18next';
import { CATEGORIES } from './draft.ts';

export function StepCategory({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="choice-grid">
      <legend className="sr-only">{t('new.step.category')}</legend>
      {CATEGORIES.map((c) => (
        <label key={c} className={`choice${value === c ? ' selected' : ''}`}>
          <input type="radio" name="category" checked={value === c} onChange={() => onChange(c)} />
          <span className="choice-title">{t(`category.${c}.name`)}</span>
          <span className="choice-desc">{t(`category.${c}.desc`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
