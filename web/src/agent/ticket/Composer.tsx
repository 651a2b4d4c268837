import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import type { Message, Status, Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ReplyBox } from '../../components/ReplyBox.tsx';
import { useShortcuts } from '../useShortcuts.ts';
import { MacroPicker } from '../macros/MacroPicker.tsx';
import { InsertArticle } from './InsertArticle.tsx';
import { MovedNotice } from '../macros/MovedNotice.tsx';
import { PendingActions } from '../macros/PendingActions.tsx';
import { hasActions, macroApi, mergeActions, type MacroActions, type Macro } from '../macros/macroApi.ts';
import { CollisionPrompt } from './CollisionPrompt.tsx';
import { useCannedMigration } from './canned.ts';
import { newerByOthers } from './collision.ts';
import { usePerson } from '../people/peopleApi.ts';
import { ComposerSignature } from '../signature/ComposerSignature.tsx';
import { signatureFor, useSignature, withSignature } from '../signature/useSignature.ts';

export type ComposerMode = 'reply' | 'note';

/**
 * Public reply or internal note, with macros (docs/macros.md) and the status to set after sending.
 * Applying a macro fills the text in the requester's language and queues its actions as chips; the
 * actions that are left go with the message (`actions` of POST /tickets/{id}/messages), in one request.
 * Collision check: when someone else's reply or note arrived after the agent started this draft,
 * Send first asks (CollisionPrompt) instead of sending. `latest` reads the ticket's messages now;
 * `onTyping` is called on each change of the text (presence, throttled by the caller).
 */
export function Composer({
  ticket,
  mode,
  setMode,
  textareaRef,
  focusTick,
  onSent,
  messages,
  latest,
  onTyping,
}: {
  ticket: Ticket;
  mode: ComposerMode;
  focusTick: number;
  setMode: (m: ComposerMode) => void;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  onSent: () => Promise<unknown>;
  messages: Message[] | undefined;
  latest: () => Promise<Message[] | undefined>;
  onTyping: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const [text, setText] = useState('');
  const [after, setAfter] = useState<'' | Status>('');
  const [pending, setPending] = useState<{ from: string; actions: MacroActions } | null>(null);
  const [applied, setApplied] = useState<{ unknown: string[]; error: unknown } | null>(null);
  const [applying, setApplying] = useState(false);
  const [pickTick, setPickTick] = useState(0);
  const migration = useCannedMigration();
  // The agent's signature goes under public replies, in the requester's language (docs/mail-display.md).
  const signatures = useSignature(me?.system !== true);
  const requester = usePerson(ticket.requester.id);
  const lang = (requester.data?.locale ?? i18n.language)?.startsWith('zh') ? 'zh-CN' : 'en';
  const signature = signatureFor(signatures.data, lang);
  const [withSig, setWithSig] = useState(true);
  useShortcuts({ m: () => setPickTick((n) => n + 1) });
  // The newest message id known when the draft was started (null: no draft); a send after newer ones by others asks first.
  const since = useRef<number | null>(null);
  const pass = useRef(false);
  const section = useRef<HTMLElement>(null);
  const [collision, setCollision] = useState<Message | null>(null);
  const newestId = (list: Message[] | undefined) => Math.max(0, ...(list ?? []).map((m) => m.id));
  const changeText = (v: string) => {
    if (!v.trim()) since.current = null;
    else if (since.current == null) since.current = newestId(messages);
    setText(v);
    if (v.trim()) onTyping();
  };
  /** Send pressed (button or Ctrl/⌘+Enter): check for a newer message by someone else first, then send for real. */
  const intercept = (e: { preventDefault(): void; stopPropagation(): void }) => {
    if (pass.current || !text.trim() || since.current == null) return;
    e.preventDefault();
    e.stopPropagation();
    const started = since.current;
    void latest()
      .catch(() => messages)
      .then((list) => {
        const hit = newerByOthers(list ?? messages ?? [], started, me?.id);
        if (hit) setCollision(hit);
        else submitNow();
      });
  };
  const submitNow = () => {
    pass.current = true;
    section.current?.querySelector('form')?.requestSubmit();
    pass.current = false;
  };
  const review = () => {
    setCollision(null);
    // Reviewed: what is on screen now is what the draft answers.
    since.current = newestId(messages);
    const shown = document.querySelectorAll<HTMLElement>('[data-testid="message"]');
    const last = shown[shown.length - 1];
    if (last) {
      last.setAttribute('tabindex', '-1');
      last.scrollIntoView({ block: 'center' });
      last.focus({ preventScroll: true });
    }
  };
  // r / n ask for the box: focus it once the box for that mode is on screen.
  useEffect(() => {
    if (focusTick) textareaRef.current?.focus();
  }, [focusTick, mode, textareaRef]);
  /** The server renders the macro for this ticket's requester; the text goes in the box, its actions wait for Send. */
  const applyMacro = async (m: Macro) => {
    setApplying(true);
    try {
      const r = await macroApi.apply(ticket.id, m.id);
      if (r.body) {
        if (since.current == null) since.current = newestId(messages);
        setText((x) => (x.trim() ? `${x.trimEnd()}\n\n${r.body}` : r.body));
      }
      if (hasActions(r.actions)) setPending((p) => ({ from: m.name, actions: mergeActions(p?.actions ?? {}, r.actions) }));
      setApplied(r.unknown_placeholders.length ? { unknown: r.unknown_placeholders, error: null } : null);
    } catch (e) {
      setApplied({ unknown: [], error: e });
    } finally {
      setApplying(false);
      textareaRef.current?.focus();
    }
  };
  const queued = pending && hasActions(pending.actions) ? pending.actions : null;

  return (
    <section
      className="composer"
      aria-label={t('agent.composer')}
      ref={section}
      onSubmitCapture={intercept}
      onKeyDownCapture={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && (e.target as HTMLElement).tagName === 'TEXTAREA') intercept(e);
      }}
    >
      {migration.moved > 0 && <MovedNotice count={migration.moved} onDismiss={migration.dismiss} />}
      <div className="tabs tabs-sm" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'reply'}
          className={mode === 'reply' ? 'tab active' : 'tab'}
          onClick={() => setMode('reply')}
        >
          {t('agent.reply')} <kbd>r</kbd>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'note'}
          className={mode === 'note' ? 'tab active' : 'tab'}
          onClick={() => setMode('note')}
        >
          {t('agent.note')} <kbd>n</kbd>
        </button>
      </div>
      <ReplyBox
        key={mode}
        variant={mode}
        value={text}
        onValueChange={changeText}
        textareaRef={textareaRef}
        label={
          mode === 'reply' ? t('agent.reply_label', { name: ticket.requester.name ?? ticket.requester.email ?? '' }) : t('agent.note_label')
        }
        placeholder={mode === 'reply' ? t('agent.reply_placeholder') : t('agent.note_placeholder')}
        submitLabel={mode === 'reply' ? t('agent.send_reply') : t('agent.add_note')}
        formatting
        footer={
          mode === 'reply' && signatures.isSuccess ? (
            <ComposerSignature signature={signature} include={withSig} setInclude={setWithSig} />
          ) : null
        }
        onSubmit={async (text, attachments, formatted) => {
          const signed = mode === 'reply' && withSig && signature ? signature.text : null;
          const out = formatted
            ? withSignature({ text, html: formatted }, signed)
            : { text: withSignature({ text, html: '' }, signed).text, html: undefined };
          await api.post(`/tickets/${ticket.id}/messages`, {
            body: out.text,
            ...(out.html ? { html: out.html } : {}),
            attachments,
            internal: mode === 'note',
            ...(after && mode === 'reply' ? { status: after } : {}),
            ...(queued ? { actions: queued } : {}),
          });
          setAfter('');
          setPending(null);
          setApplied(null);
          await onSent();
        }}
        tools={
          <>
            <MacroPicker onPick={(m) => void applyMacro(m)} openTick={pickTick} busy={applying} />
            <InsertArticle lang={lang} textareaRef={textareaRef} value={text} onChange={changeText} />
            {mode === 'reply' && (
              <label className="inline-label">
                {t('agent.then_set')}
                <select value={after} onChange={(e) => setAfter(e.target.value as Status | '')} className="select-sm">
                  <option value="">{t('agent.keep_status')}</option>
                  {(['open', 'pending', 'on_hold', 'solved'] as const).map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </>
        }
      />
      {queued && pending && (
        <PendingActions actions={queued} from={pending.from} onChange={(a) => setPending({ ...pending, actions: a })} />
      )}
      {applied?.unknown.length ? (
        <p className="notice notice-warn macro-unknown" role="status">
          {t('macros.unknown_placeholders', { list: applied.unknown.map((x) => `{{${x}}}`).join(', ') })}
        </p>
      ) : null}
      {applied?.error ? <ErrorBanner error={applied.error} /> : null}
      {collision && (
        <CollisionPrompt
          message={collision}
          onSend={() => {
            setCollision(null);
            since.current = null;
            submitNow();
          }}
          onReview={review}
        />
      )}
    </section>
  );
}
