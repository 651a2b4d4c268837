import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/types.ts';
import { formatClock, formatSpan, useFormat } from './format.ts';
import { readClock } from './slaClock.ts';
import { useNow } from './useNow.ts';
import { useSlaWarningMs } from './useSlaWarning.ts';

const SIX_DAYS = 6 * 86_400_000;

/**
 * The business time left on the ticket's next target (docs/sla.md, "The countdown"): ticks while its
 * business hours are open; outside them says it is paused and when it resumes, and holds still. Amber
 * once the business time left is within the desk's SLA warning lead time, red once overdue. Before, it
 * counted wall-clock time through nights and Sundays while the business clock was stopped.
 */
export function SlaCountdown({ dueAt, clock }: { dueAt: string | number | null | undefined; clock?: Ticket['sla_clock'] }) {
  const { t } = useTranslation();
  const now = useNow();
  const warnMs = useSlaWarningMs();
  const f = useFormat();
  if (!dueAt) return <span className="countdown countdown-none">{t('sla.no_target_short')}</span>;
  const due = new Date(dueAt).getTime();
  const r = readClock(due, clock, now);
  const risk = r.leftMs <= warnMs;
  const label = (
    <span className="sr-only">
      {t('sla.next_target')}
      {t('common.label_separator')}
    </span>
  );
  if (r.state === 'paused') {
    // Within the week a weekday and a time ("Mon 08:00", "周一 08:00"), further off the date too.
    const at = r.resumesAt;
    const when =
      at === null
        ? null
        : at - now < SIX_DAYS
          ? `${f.dateTime(at, { year: undefined, month: undefined, day: undefined, hour: undefined, minute: undefined })} ${f.dateTime(at, { year: undefined, month: undefined, day: undefined, weekday: undefined })}`
          : f.dateTime(at, { year: undefined });
    return (
      <span
        className={`countdown countdown-paused${risk ? ' countdown-risk' : ''}`}
        title={t('sla.due_at_paused', { time: f.dateTime(due), zone: f.zone, left: formatSpan(Math.ceil(r.leftMs / 60_000), t) })}
        data-testid="sla-countdown"
      >
        {label}
        <span className="countdown-part">{t('sla.clock_paused')}</span>
        {when && (
          <>
            <span className="countdown-sep"> · </span>
            <span className="countdown-part countdown-when">{t('sla.resumes_at', { time: when })}</span>
          </>
        )}
      </span>
    );
  }
  const state = r.state === 'overdue' ? 'breached' : risk ? 'risk' : 'ok';
  const text = r.state === 'overdue' ? t('sla.overdue_by', { time: formatClock(-r.leftMs, t) }) : formatClock(r.leftMs, t);
  return (
    <span
      className={`countdown countdown-${state}`}
      title={t('sla.due_at', { time: f.dateTime(due), zone: f.zone })}
      data-testid="sla-countdown"
    >
      {label}
      {text}
    </span>
  );
}
