import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { useSaveSignature, useSignature, type SignatureLang } from './useSignature.ts';
import '../../components/mail/mail.css';

const LANGS: SignatureLang[] = ['en', 'zh-CN'];

/**
 * The agent's own reply signature, one per language: public replies to an English-speaking requester
 * get the English one, to a Chinese-speaking one the Chinese one, and either falls back to the other.
 */
export function SignatureEditor({ onSaved }: { onSaved?: () => void }) {
  const { t } = useTranslation();
  const sig = useSignature();
  const save = useSaveSignature();
  const [draft, setDraft] = useState<Record<SignatureLang, string> | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (sig.data && !draft) setDraft({ en: sig.data.en, 'zh-CN': sig.data['zh-CN'] });
  }, [sig.data, draft]);
  if (sig.isError) return <ErrorBanner error={sig.error} onRetry={() => void sig.refetch()} />;
  if (!draft) return <Skeleton rows={3} />;
  const submit = () => {
    setSaved(false);
    save.mutate(draft, {
      onSuccess: () => {
        setSaved(true);
        onSaved?.();
      },
    });
  };
  return (
    // Not a <form>: the composer shows this editor in a dialog inside its own form.
    <div className="signature-editor" data-testid="signature-editor" role="group" aria-label={t('signature.title')}>
      <p className="hint">{t('signature.explain')}</p>
      {LANGS.map((l) => (
        <Field key={l} label={t(`signature.label_${l === 'en' ? 'en' : 'zh'}`)} hint={t('signature.limit')}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              maxLength={1000}
              value={draft[l]}
              onChange={(e) => {
                setSaved(false);
                setDraft({ ...draft, [l]: e.target.value });
              }}
            />
          )}
        </Field>
      ))}
      {save.isError && <ErrorBanner error={save.error} />}
      <div className="reply-actions">
        <button type="button" className="btn btn-primary btn-sm" disabled={save.isPending} onClick={submit}>
          {save.isPending ? t('signature.saving') : t('signature.save')}
        </button>
        {saved && (
          <span className="muted" role="status">
            {t('signature.saved')}
          </span>
        )}
      </div>
    </div>
  );
}
