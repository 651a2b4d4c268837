import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldText, type TicketField } from '../api/ticketFields.ts';
import { Field } from './Field.tsx';

/** Keys whose text is machine output (the tiered preset's details): shown and typed in a monospace font. */
export const MONO_KEYS = new Set(['tool_output', 'error_messages', 'urls']);

/**
 * One input for a custom ticket field, by its type. `onChange(null)` clears the value. `choices`
 * replaces a text field's free typing with a list (the guided form offers the organization's
 * domains for `domain`).
 */
export function CustomFieldInput({
  field,
  value,
  onChange,
  disabled,
  badge,
  hint,
  choices,
}: {
  field: TicketField;
  value: unknown;
  onChange: (v: unknown) => void;
  disabled?: boolean;
  badge?: ReactNode;
  hint?: ReactNode;
  choices?: { options: string[]; none: string };
}) {
  const { t } = useTranslation();
  const text = useFieldText();
  const groupId = useId();
  const label = (
    <>
      {text.label(field)}
      {field.required && <span className="muted"> {t('kf.custom.required')}</span>} {badge}
    </>
  );
  const testid = `cf-${field.key}`;
  if (field.type === 'checkbox') {
    return (
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            data-testid={testid}
            checked={value === true}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </label>
        {hint && <div className="hint">{hint}</div>}
      </div>
    );
  }
  if (field.type === 'multiselect') {
    const chosen = Array.isArray(value) ? (value as string[]) : [];
    return (
      <fieldset className="fieldset" aria-describedby={hint ? `${groupId}-hint` : undefined} data-testid={testid}>
        <legend>{label}</legend>
        {field.options.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              disabled={disabled}
              onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((x) => x !== o))}
            />
            {text.option(field, o)}
          </label>
        ))}
        {/* Choices removed from the field since stay on old tickets; they can be unticked, not ticked again. */}
        {chosen
          .filter((o) => !field.options.includes(o))
          .map((o) => (
            <label key={o} className="check muted">
              <input type="checkbox" checked disabled={disabled} onChange={() => onChange(chosen.filter((x) => x !== o))} />
              {t('kf.custom.retired', { value: o })}
            </label>
          ))}
        {hint && (
          <div id={`${groupId}-hint`} className="hint">
            {hint}
          </div>
        )}
      </fieldset>
    );
  }
  return (
    <Field label={label} hint={hint}>
      {(p) => {
        const common = { ...p, disabled, 'data-testid': testid };
        const str = value === null || value === undefined ? '' : String(value);
        if (field.type === 'select' || choices) {
          const options = choices?.options ?? field.options;
          return (
            <select {...common} className={choices ? 'mono' : undefined} value={str} onChange={(e) => onChange(e.target.value || null)}>
              <option value="">{choices?.none ?? t('common.choose')}</option>
              {str && !options.includes(str) && <option value={str}>{t('kf.custom.retired', { value: str })}</option>}
              {options.map((o) => (
                <option key={o} value={o}>
                  {choices ? o : text.option(field, o)}
                </option>
              ))}
            </select>
          );
        }
        if (field.type === 'number')
          return (
            <input
              {...common}
              type="number"
              step="any"
              value={str}
              onChange={(e) => onChange(e.target.value === '' || Number.isNaN(e.target.valueAsNumber) ? null : e.target.valueAsNumber)}
            />
          );
        if (field.type === 'date') return <input {...common} type="date" value={str} onChange={(e) => onChange(e.target.value || null)} />;
        return (
          <textarea
            {...common}
            rows={MONO_KEYS.has(field.key) ? 5 : 3}
            className={MONO_KEYS.has(field.key) ? 'mono' : undefined}
            spellCheck={MONO_KEYS.has(field.key) ? false : undefined}
            value={str}
            onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
          />
        );
      }}
    </Field>
  );
}
