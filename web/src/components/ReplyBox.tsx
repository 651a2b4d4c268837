import { useId, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { fileToAttachment } from '../api/client.ts';
import { AttachmentPicker } from './AttachmentPicker.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';

export type Attachment = { filename: string; content_type: string; data_base64: string };

/** A message box with attachments; Ctrl/⌘+Enter sends. */
export function ReplyBox({
  label,
  placeholder,
  submitLabel,
  onSubmit,
  textareaRef,
  variant,
  tools,
  value,
  onValueChange,
  noAttachments,
}: {
  label: string;
  placeholder?: string;
  submitLabel: string;
  variant?: 'reply' | 'note';
  onSubmit: (body: string, attachments: Attachment[]) => Promise<unknown>;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  tools?: ReactNode;
  value?: string;
  onValueChange?: (v: string) => void;
  noAttachments?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [own, setOwn] = useState('');
  const body = value ?? own;
  const setBody = onValueChange ?? setOwn;
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = async () => {
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const attachments = await Promise.all(files.map(fileToAttachment));
      await onSubmit(body, attachments);
      setBody('');
      setFiles([]);
      // Sent: leave the box so single-key shortcuts work again.
      (document.activeElement as HTMLElement | null)?.blur();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={`reply-box${variant === 'note' ? ' reply-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor={id} className="reply-label">
        {label}
      </label>
      <textarea
        id={id}
        ref={textareaRef}
        value={body}
        placeholder={placeholder}
        rows={5}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {error ? <ErrorBanner error={error} /> : null}
      <div className="reply-actions">
        {!noAttachments && <AttachmentPicker files={files} onChange={setFiles} />}
        {tools}
        <span className="spacer" />
        <span className="muted hint-keys">{t('reply.send_hint')}</span>
        <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()}>
          {busy ? t('common.sending') : submitLabel}
        </button>
      </div>
    </form>
  );
}
