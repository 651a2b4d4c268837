import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../api/types.ts';
import { Icon } from '../../components/Icon.tsx';
import { agoParts } from './collision.ts';
import './ticketLive.css';

/**
 * "Li Lei replied 20 s ago — send anyway?" Shown instead of sending when someone else's reply or
 * note landed after the draft was started. Review (focused, and Escape) keeps the draft; Send anyway sends it.
 */
export function CollisionPrompt({ message, onSend, onReview }: { message: Message; onSend: () => void; onReview: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const reviewRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    reviewRef.current?.focus();
  }, [message.id]);
  const ago = agoParts(message.created_at);
  const name = message.author?.name || t('agent.collision.someone');
  const agoText = t(`agent.collision.${ago.unit}`, { n: ago.n });
  const justNow = ago.unit === 'seconds' && ago.n < 5;
  const question = message.internal
    ? justNow
      ? t('agent.collision.noted_now', { name })
      : t('agent.collision.noted', { name, ago: agoText })
    : justNow
      ? t('agent.collision.replied_now', { name })
      : t('agent.collision.replied', { name, ago: agoText });
  return (
    <div
      className="collision"
      role="alertdialog"
      aria-labelledby={`${id}-q`}
      aria-describedby={`${id}-h`}
      data-testid="collision"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onReview();
        }
      }}
    >
      <div className="collision-text">
        <strong id={`${id}-q`}>
          <Icon name="question" /> {question}
        </strong>
        <p id={`${id}-h`} className="muted">
          {t('agent.collision.hint')}
        </p>
      </div>
      <div className="collision-actions">
        <button type="button" className="btn" ref={reviewRef} onClick={onReview}>
          {t('agent.collision.review')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onSend}>
          {t('agent.collision.send_anyway')}
        </button>
      </div>
    </div>
  );
}
