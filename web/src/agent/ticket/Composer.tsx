import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import type { Status, Ticket } from '../../api/types.ts';
import { ReplyBox } from '../../components/ReplyBox.tsx';
import { CannedManager } from './CannedManager.tsx';
import { cannedStore, fillCanned, useCanned } from './canned.ts';

export type ComposerMode = 'reply' | 'note';
/** Keeps the placeholders literal: they are filled when a response is inserted. */
const KEEP = { requester: '{requester}', agent: '{agent}' };

/** Public reply or internal note, with canned responses and the status to set after sending. */
export function Composer({ ticket, mode, setMode, textareaRef, focusTick, onSent }: {
  ticket: Ticket; mode: ComposerMode; focusTick: number; setMode: (m: ComposerMode) => void; textareaRef: RefObject<HTMLTextAreaElement | null>; onSent: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const me = useMe().data;
  const canned = useCanned();
  const [text, setText] = useState('');
  const [after, setAfter] = useState<'' | Status>('');
  const [manage, setManage] = useState(false);
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
    setText((x) => (x.trim() ? `${x.trimEnd()}\n\n${filled}` : filled));
    textareaRef.current?.focus();
  };

  return (
    <section className="composer" aria-label={t('agent.composer')}>
      <div className="tabs tabs-sm" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'reply'} className={mode === 'reply' ? 'tab active' : 'tab'} onClick={() => setMode('reply')}>{t('agent.reply')} <kbd>r</kbd></button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'tab active' : 'tab'} onClick={() => setMode('note')}>{t('agent.note')} <kbd>n</kbd></button>
      </div>
      <ReplyBox
        key={mode}
        variant={mode}
        value={text}
        onValueChange={setText}
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
      <CannedManager open={manage} onClose={() => setManage(false)} />
    </section>
  );
}
