import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import type { Message, Status, Ticket } from '../../api/types.ts';
import { ReplyBox } from '../../components/ReplyBox.tsx';
import { CannedManager } from './CannedManager.tsx';
import { CollisionPrompt } from './CollisionPrompt.tsx';
import { cannedStore, fillCanned, useCanned } from './canned.ts';
import { newerByOthers } from './collision.ts';

export type ComposerMode = 'reply' | 'note';
/** Keeps the placeholders literal: they are filled when a response is inserted. */
const KEEP = { requester: '{requester}', agent: '{agent}' };

/**
 * Public reply or internal note, with canned responses and the status to set after sending.
 * Collision check: when someone else's reply or note arrived after the agent started this draft,
 * Send first asks (CollisionPrompt) instead of sending. `latest` reads the ticket's messages now;
 * `onTyping` is called on each change of the text (presence, throttled by the caller).
 */
export function Composer({ ticket, mode, setMode, textareaRef, focusTick, onSent, messages, latest, onTyping }: {
  ticket: Ticket; mode: ComposerMode; focusTick: number; setMode: (m: ComposerMode) => void; textareaRef: RefObject<HTMLTextAreaElement | null>; onSent: () => Promise<unknown>;
  messages: Message[] | undefined; latest: () => Promise<Message[] | undefined>; onTyping: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const canned = useCanned();
  const [text, setText] = useState('');
  const [after, setAfter] = useState<'' | Status>('');
  const [manage, setManage] = useState(false);
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
    void latest().catch(() => messages).then((list) => {
      const hit = newerByOthers(list ?? messages ?? [], started, me?.id);
      if (hit) setCollision(hit); else submitNow();
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
    if (last) { last.setAttribute('tabindex', '-1'); last.scrollIntoView({ block: 'center' }); last.focus({ preventScroll: true }); }
  };
  useEffect(() => {
    cannedStore.seed([
      { title: t('canned.starter.ack_title'), body: t('canned.starter.ack_body', KEEP) },
      { title: t('canned.starter.more_title'), body: t('canned.starter.more_body', KEEP) },
      { title: t('canned.starter.solved_title'), body: t('canned.starter.solved_body', KEEP) },
    ]);
  }, [t]);
  // r / n ask for the box: focus it once the box for that mode is on screen.
  useEffect(() => { if (focusTick) textareaRef.current?.focus(); }, [focusTick, mode, textareaRef]);
  const insert = (id: string) => {
    const c = canned.find((x) => x.id === id);
    if (!c) return;
    const filled = fillCanned(c.body, { requester: ticket.requester.name ?? '', agent: me?.name ?? '' });
    if (since.current == null) since.current = newestId(messages);
    setText((x) => (x.trim() ? `${x.trimEnd()}\n\n${filled}` : filled));
    textareaRef.current?.focus();
  };

  return (
    <section className="composer" aria-label={t('agent.composer')} ref={section}
      onSubmitCapture={intercept}
      onKeyDownCapture={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && (e.target as HTMLElement).tagName === 'TEXTAREA') intercept(e); }}>
      <div className="tabs tabs-sm" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'reply'} className={mode === 'reply' ? 'tab active' : 'tab'} onClick={() => setMode('reply')}>{t('agent.reply')} <kbd>r</kbd></button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'tab active' : 'tab'} onClick={() => setMode('note')}>{t('agent.note')} <kbd>n</kbd></button>
      </div>
      <ReplyBox
        key={mode}
        variant={mode}
        value={text}
        onValueChange={changeText}
        textareaRef={textareaRef}
        label={mode === 'reply' ? t('agent.reply_label', { name: ticket.requester.name ?? ticket.requester.email ?? '' }) : t('agent.note_label')}
        placeholder={mode === 'reply' ? t('agent.reply_placeholder') : t('agent.note_placeholder')}
        submitLabel={mode === 'reply' ? t('agent.send_reply') : t('agent.add_note')}
        onSubmit={async (body, attachments) => {
          await api.post(`/tickets/${ticket.id}/messages`, { body, attachments, internal: mode === 'note', ...(after && mode === 'reply' ? { status: after } : {}) });
          setAfter('');
          await onSent();
        }}
        tools={
          <>
            <select aria-label={t('canned.insert')} value="" onChange={(e) => insert(e.target.value)} className="select-sm">
              <option value="">{t('canned.insert')}</option>
              {canned.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
            </select>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setManage(true)}>{t('canned.manage')}</button>
            {mode === 'reply' && (
              <label className="inline-label">
                {t('agent.then_set')}
                <select value={after} onChange={(e) => setAfter(e.target.value as Status | '')} className="select-sm">
                  <option value="">{t('agent.keep_status')}</option>
                  {(['open', 'pending', 'on_hold', 'solved'] as const).map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
                </select>
              </label>
            )}
          </>
        }
      />
      {collision && <CollisionPrompt message={collision} onSend={() => { setCollision(null); since.current = null; submitNow(); }} onReview={review} />}
      <CannedManager open={manage} onClose={() => setManage(false)} />
    </section>
  );
}
