import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/ErrorBanner.tsx';

interface Option {
  value: string;
  label: string;
}

/**
 * One value of a record, edited where it is shown: the value and an "Edit" button; while editing, the
 * control with Save and Cancel (Enter saves, Escape cancels). The API's refusal is shown under it in
 * words, and the value stays as it was. Without `onSave` the value is read-only.
 */
export function InlineEdit({
  label,
  value,
  display,
  onSave,
  options,
  multiline,
  placeholder,
  testId,
}: {
  label: string;
  value: string;
  /** How the value reads when not editing (default: the value, or "not set"). */
  display?: ReactNode;
  onSave?: (next: string) => Promise<unknown>;
  /** A choice instead of free text. */
  options?: Option[];
  multiline?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = () => {
    setDraft(value);
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    if (!onSave) return;
    if (draft === value) return setEditing(false);
    setBusy(true);
    setError(null);
    try {
      await onSave(draft);
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setEditing(false);
    }
    if (e.key === 'Enter' && !multiline) {
      e.preventDefault();
      void save();
    }
  };
  const control = { 'aria-label': label, value: draft, disabled: busy, onKeyDown: keys, autoFocus: true };
  return (
    <div className="inline-edit" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        {editing ? (
          <div className="inline-edit-form">
            {options ? (
              <select {...control} onChange={(e) => setDraft(e.target.value)}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : multiline ? (
              <textarea {...control} rows={3} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} />
            ) : (
              <input {...control} type="text" placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} />
            )}
            <button type="button" className="btn btn-primary btn-sm" onClick={() => void save()} disabled={busy}>
              {busy ? t('people.saving') : t('common.save')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(false)} disabled={busy}>
              {t('people.cancel')}
            </button>
            {error != null && (
              <div className="field-msg" role="alert">
                {errorText(error, t)}
              </div>
            )}
          </div>
        ) : (
          <span className="inline-edit-value">
            <span>{display ?? (value || <span className="muted">{t('people.not_set')}</span>)}</span>
            {onSave && (
              <button
                type="button"
                className="btn btn-ghost btn-sm inline-edit-btn"
                onClick={start}
                aria-label={t('people.edit_field', { field: label })}
              >
                {t('people.edit')}
              </button>
            )}
          </span>
        )}
      </dd>
    </div>
  );
}
