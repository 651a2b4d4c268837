import { useId, useRef, useState, type ClipboardEvent, type ReactNode, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, fileToAttachment } from '../api/client.ts';
import { AttachmentPicker } from './AttachmentPicker.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { FormatToolbar } from './mail/FormatToolbar.tsx';
import { hasFormatting, markdownToHtml } from './markdown.ts';

export type Attachment = { filename: string; content_type: string; data_base64: string; content_id?: string };

/** A pasted image's name: the clipboard gives every one the same ("image.png"). */
const pastedName = (n: number, type: string) => `pasted-image-${n}.${type.split('/')[1]?.replace('jpeg', 'jpg') || 'png'}`;

/**
 * A message box with attachments; Ctrl/⌘+Enter sends. Images pasted from the clipboard become
 * attachments. With `formatting`, a light toolbar writes Markdown that goes out as `html` too, and a
 * pasted image is placed inline (`![name](cid:…)`, its attachment carrying that Content-ID).
 * `footer` shows under the box (the composer's signature).
 */
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
  formatting,
  footer,
}: {
  label: string;
  placeholder?: string;
  submitLabel: string;
  variant?: 'reply' | 'note';
  onSubmit: (body: string, attachments: Attachment[], html?: string) => Promise<unknown>;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  tools?: ReactNode;
  value?: string;
  onValueChange?: (v: string) => void;
  noAttachments?: boolean;
  formatting?: boolean;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const ref = textareaRef ?? ownRef;
  const [own, setOwn] = useState('');
  const body = value ?? own;
  const setBody = onValueChange ?? setOwn;
  const [files, setFiles] = useState<File[]>([]);
  /** Content-IDs of images pasted inline. */
  const cids = useRef(new Map<File, string>());
  const pasted = useRef(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const send = async () => {
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const kept = files;
      const attachments = await Promise.all(
        kept.map(async (f) => {
          const a: Attachment = await fileToAttachment(f);
          const cid = cids.current.get(f);
          return cid && body.includes(`(cid:${cid})`) ? { ...a, content_id: cid } : a;
        }),
      );
      const html = formatting && (hasFormatting(body) || attachments.some((a) => a.content_id)) ? markdownToHtml(body) : undefined;
      await onSubmit(body, attachments, html);
      setBody('');
      setFiles([]);
      cids.current.clear();
      // Sent: leave the box so single-key shortcuts work again.
      (document.activeElement as HTMLElement | null)?.blur();
    } catch (e) {
      setError(explain(e, files, t));
    } finally {
      setBusy(false);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (noAttachments) return;
    const images = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (!images.length) return;
    e.preventDefault();
    const named = images.map((f) => new File([f], pastedName(++pasted.current, f.type), { type: f.type }));
    setFiles([...files, ...named]);
    if (!formatting) return;
    const marks = named.map((f) => {
      const cid = `paste-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@kefu`;
      cids.current.set(f, cid);
      return `![${f.name}](cid:${cid})`;
    });
    const el = e.currentTarget;
    const s = el.selectionStart ?? body.length;
    const end = el.selectionEnd ?? body.length;
    const insert = marks.join('\n');
    // Rendered and the caret placed at once, so what is typed next follows the image (FormatToolbar does the same).
    flushSync(() => setBody(body.slice(0, s) + insert + body.slice(end)));
    el.setSelectionRange(s + insert.length, s + insert.length);
  };

  const shortcut = (key: string) => {
    const el = ref.current;
    if (!el) return;
    const s = el.selectionStart;
    const e = el.selectionEnd;
    const mark = key === 'b' ? '**' : '*';
    const inner = body.slice(s, e) || t('format.placeholder_text');
    flushSync(() => setBody(body.slice(0, s) + mark + inner + mark + body.slice(e)));
    el.setSelectionRange(s + mark.length, s + mark.length + inner.length);
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
      {formatting && <FormatToolbar textareaRef={ref} value={body} onChange={setBody} />}
      <textarea
        id={id}
        ref={ref}
        value={body}
        placeholder={placeholder}
        rows={5}
        onChange={(e) => setBody(e.target.value)}
        onPaste={onPaste}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
          if (formatting && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && (e.key === 'b' || e.key === 'i')) {
            e.preventDefault();
            shortcut(e.key);
          }
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {footer}
      {error ? <ErrorBanner error={error} /> : null}
      <div className="reply-actions">
        {!noAttachments && (
          <AttachmentPicker
            files={files}
            onChange={(next) => {
              for (const f of files) if (!next.includes(f)) cids.current.delete(f);
              setFiles(next);
            }}
          />
        )}
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

/** A refusal for size says which file and the limit, in the viewer's language. */
function explain(e: unknown, files: File[], t: (k: string, o?: Record<string, unknown>) => string): unknown {
  if (!(e instanceof ApiError) || e.status !== 413) return e;
  const i = /^attachments\.(\d+)/.exec(e.field ?? '')?.[1];
  const limit = (e.details as { limit_bytes?: unknown } | undefined)?.limit_bytes;
  const mb = typeof limit === 'number' ? Math.max(1, Math.floor(limit / 1024 / 1024)) : null;
  const name = i != null ? files[Number(i)]?.name : undefined;
  const message = name
    ? mb
      ? t('attachments.too_large_one', { name, limit: mb })
      : t('attachments.too_large_one_nolimit', { name })
    : t('attachments.too_large_all');
  return new ApiError(413, e.code, message, e.details);
}
