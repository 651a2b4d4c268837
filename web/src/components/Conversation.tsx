import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../api/types.ts';
import { Time } from './Time.tsx';
import { AttachmentList } from './mail/AttachmentList.tsx';
import { MessageFrame } from './mail/MessageFrame.tsx';
import './mail/mail.css';

/**
 * A message body split into prose and ``` fenced blocks (tool output from the guided form, or typed
 * by anyone): fenced text is shown in a monospace block without the fences. An unclosed fence runs
 * to the end of the message.
 */
export function splitFences(body: string): Array<{ code: boolean; text: string }> {
  const out: Array<{ code: boolean; text: string }> = [];
  const re = /^```[^\n`]*\n([\s\S]*?)(?:\n```[ \t]*(?:\n|$)|$(?![\s\S]))/gm;
  let last = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m.index > last) out.push({ code: false, text: body.slice(last, m.index).replace(/\n$/, '') });
    out.push({ code: true, text: m[1] });
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  if (last < body.length) out.push({ code: false, text: body.slice(last) });
  return out.filter((p) => p.code || p.text !== '');
}

/**
 * The messages of a ticket, oldest first; internal notes stand out and are labelled. With `frames`
 * (signed-in viewers), a message written as HTML is shown as written, in a sandboxed frame
 * (mail/MessageFrame.tsx); plain text stays text.
 */
export function Conversation({
  messages,
  viewerId,
  actions,
  frames,
  attachmentBase,
}: {
  messages: Message[];
  viewerId?: number | null;
  actions?: (m: Message) => ReactNode;
  frames?: boolean;
  /** Where the files are served, when not `/api/v1/attachments` (the guest page: through its private link). */
  attachmentBase?: string;
}) {
  const { t } = useTranslation();
  return (
    <ol className="conversation" aria-label={t('ticket.conversation')}>
      {messages.map((m) => {
        const staff = m.author?.role === 'agent' || m.author?.role === 'admin';
        const mine = viewerId != null && m.author?.id === viewerId;
        return (
          <li
            key={m.id}
            className={`msg${m.internal ? ' msg-internal' : ''}${staff ? ' msg-staff' : ' msg-customer'}${mine ? ' msg-mine' : ''}`}
            data-testid="message"
          >
            <div className="msg-head">
              <span className="avatar" aria-hidden="true">
                {(m.author?.name ?? '?').slice(0, 1).toUpperCase()}
              </span>
              <strong>{m.author?.name ?? t('ticket.system')}</strong>
              {staff && <span className="badge subtle">{t('ticket.role_staff')}</span>}
              {m.internal && <span className="badge note">{t('ticket.internal_note')}</span>}
              {m.sender_verified === false && (
                <span className="badge warn" title={t('ticket.sender_not_verified_hint')} data-testid="sender-not-verified">
                  {t('ticket.sender_not_verified')}
                </span>
              )}
              <span className="muted msg-time">
                <Time value={m.created_at} />
              </span>
              {actions?.(m)}
            </div>
            {frames && m.rich ? (
              <MessageFrame message={m} />
            ) : (
              <div className="msg-body">
                {splitFences(m.body).map((p, i) =>
                  p.code ? (
                    <pre key={i} className="body-preview msg-code" data-testid="message-code">
                      {p.text}
                    </pre>
                  ) : (
                    <span key={i}>{p.text}</span>
                  ),
                )}
              </div>
            )}
            <AttachmentList attachments={m.attachments} base={attachmentBase} />
          </li>
        );
      })}
    </ol>
  );
}
