import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.tsx';

export function StepSummary({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <Field label={t('new.summary.label')} hint={t('new.summary.hint')}>
      {(p) => (
        <input
          {...p}
          maxLength={300}
          autoFocus
          value={value}
          placeholder={t('new.summary.placeholder')}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
