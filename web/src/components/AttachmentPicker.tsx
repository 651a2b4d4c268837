import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

/** Choose files to attach; each can be removed before sending. */
export function AttachmentPicker({
  files,
  onChange,
  label,
  accept,
}: {
  files: File[];
  onChange: (f: File[]) => void;
  label?: string;
  accept?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="attach">
      <label htmlFor={id} className="btn btn-ghost btn-sm">
        <Icon name="clip" size={14} /> {label ?? t('attachments.add')}
      </label>
      <input
        id={id}
        type="file"
        multiple
        className="sr-only"
        accept={accept}
        onChange={(e) => {
          onChange([...files, ...Array.from(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="chips" aria-label={t('attachments.chosen')}>
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`} className="chip">
              {f.name}
              <button
                type="button"
                className="chip-x"
                aria-label={t('attachments.remove', { name: f.name })}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
