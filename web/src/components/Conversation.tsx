import { useTranslation } from 'react-i18next';
import type { Message } from '../api/types.ts';
import { Time } from './Time.tsx';
import { Icon } from './Icon.tsx';

function size(n: number) {
  return n > 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : n > 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;
}

/** The messages of a ticket, oldest first; internal notes stand out and are labelled. */
export function Conversation({ messages, viewerId }: { messages: Message[]; viewerId?: number | null }) {
  const { t } = useTranslation();
  return (
    <ol className="conversation" aria-label={t('ticket.conversation')}>
      {messages.map((m) => {
        const staff = m.author?.role === 'agent' || m.author?.role === 'admin';
        const mine = viewerId != null && m.author?.id === viewerId;
        return (
          <li key={m.id} className={`msg${m.internal ? ' msg-internal' : ''}${staff ? ' msg-staff' : ' msg-customer'}${mine ? ' msg-mine' : ''}`} data-testid="message">
            <div className="msg-head">
              <span className="avatar" aria-hidden="true">{(m.author?.name ?? '?').slice(0, 1).toUpperCase()}</span>
              <strong>{m.author?.name ?? t('ticket.system')}</strong>
              {staff && <span className="badge subtle">{t('ticket.role_staff')}</span>}
              {m.internal && <span className="badge note">{t('ticket.internal_note')}</span>}
              <span className="muted msg-time"><Time value={m.created_at} /></span>
            </div>
            <div className="msg-body">{m.body}</div>
            {m.attachments.length > 0 && (
              <ul className="attachments" aria-label={t('ticket.attachments')}>
                {m.attachments.map((a) => (
                  <li key={a.id}>{a.id > 0 ? <a href={`/api/v1/attachments/${a.id}`} download={a.filename}><Icon name="clip" size={13} /> {a.filename}</a> : <span><Icon name="clip" size={13} /> {a.filename}</span>} <span className="muted">{size(a.size)}</span></li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
