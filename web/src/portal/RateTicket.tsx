import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import type { Ticket } from '../api/types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import './rateTicket.css';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * "How did we do?" on the requester's own solved or closed request (docs/satisfaction.md): five
 * choices and an optional comment. The ticket JSON carries `satisfaction` for its requester only
 * while surveys are on; without the key nothing shows. A rating can be changed (it replaces).
 */
export function RateTicket({ ticket, onRated }: { ticket: Ticket; onRated: () => unknown }) {
  const me = useMe().data;
  if (!me || me.id !== ticket.requester_id || !('satisfaction' in ticket)) return null;
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  // A request merged into another is rated there (the server refuses this one: 409).
  if (ticket.merged_into_number != null || ticket.merged_into_id != null) return null;
  return (
    <RatingBox
      current={ticket.satisfaction ?? null}
      save={(score, comment) => api.post(`/tickets/${ticket.id}/satisfaction`, { score, comment })}
      onRated={onRated}
    />
  );
}

/**
 * The rating itself: the current one with "Change my rating", or the five choices and a comment.
 * `save` sends it (the portal's ticket route, or the private page's signed rating token).
 */
export function RatingBox({
  current,
  save: send,
  onRated,
}: {
  current: { score: number; comment: string | null } | null;
  save: (score: number, comment: string | null) => Promise<unknown>;
  onRated: () => unknown;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [score, setScore] = useState<number | null>(current?.score ?? null);
  const [comment, setComment] = useState(current?.comment ?? '');
  const id = useId();
  const save = useMutation({
    mutationFn: () => send(score!, comment.trim() || null),
    onSuccess: async () => {
      setEditing(false);
      await onRated();
    },
  });
  if (current && !editing)
    return (
      <section className="notice notice-ok rate-ticket" aria-labelledby={`${id}-h`} data-testid="rating-given">
        <h2 id={`${id}-h`} className="rate-title">
          {t('satisfaction.thanks')}
        </h2>
        <p>
          {t('satisfaction.yours', { score: current.score, label: t(`satisfaction.score.${current.score}`) })}
          {current.comment && <q className="rate-comment">{current.comment}</q>}
        </p>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => {
            setScore(current.score);
            setComment(current.comment ?? '');
            setEditing(true);
          }}
        >
          {t('satisfaction.change')}
        </button>
      </section>
    );

  return (
    <section className="notice rate-ticket" aria-labelledby={`${id}-h`} data-testid="rate-ticket">
      <h2 id={`${id}-h`} className="rate-title">
        {t('satisfaction.title')}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (score) save.mutate();
        }}
      >
        <fieldset className="rate-scores">
          <legend>{t('satisfaction.question')}</legend>
          {SCORES.map((n) => (
            <label key={n} className={score === n ? 'rate-score selected' : 'rate-score'}>
              <input type="radio" name={`${id}-score`} value={n} checked={score === n} onChange={() => setScore(n)} />
              <span className="rate-n">{n}</span>
              <span className="rate-label">{t(`satisfaction.score.${n}`)}</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${id}-comment`} className="rate-comment-label">
          {t('satisfaction.comment')}
        </label>
        <textarea id={`${id}-comment`} rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
        {save.isError && <ErrorBanner error={save.error} />}
        <div className="row-gap">
          <button type="submit" className="btn btn-primary" disabled={!score || save.isPending}>
            {t('satisfaction.submit')}
          </button>
          {editing && (
            <button type="button" className="btn btn-ghost" onClick={() => setEditing(false)}>
              {t('satisfaction.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
