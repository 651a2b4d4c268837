import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../api/types.ts';
import { Time } from '../../components/Time.tsx';

/**
 * The requester's rating of this ticket (docs/satisfaction.md), for agents: the score in words, the
 * comment, when. A low score (1–2) stands out; nothing shows before a rating.
 */
export function SatisfactionBadge({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const r = ticket.satisfaction;
  if (!r) return null;
  const tone = r.score <= 2 ? 'warn' : r.score >= 4 ? 'ok' : 'subtle';
  return (
    <section className="panel" aria-labelledby="csat-h" data-testid="satisfaction">
      <h2 className="panel-title" id="csat-h">
        {t('satisfaction.agent_title')}
      </h2>
      <div className="row-gap">
        <span className={`badge ${tone}`} data-score={r.score}>
          {t('satisfaction.score_of', { score: r.score })}
        </span>{' '}
        <span>{t(`satisfaction.score.${r.score}`)}</span>
      </div>
      {r.comment && (
        <blockquote className="small" style={{ margin: '4px 0' }}>
          {r.comment}
        </blockquote>
      )}
      <div className="muted small">
        <Time value={String(r.rated_at)} />
      </div>
    </section>
  );
}
