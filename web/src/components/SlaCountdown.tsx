import { useTranslation } from 'react-i18next';
import { formatClock, useFormat } from './format.ts';
import { useNow } from './useNow.ts';
import { useSlaWarningMs } from './useSlaWarning.ts';

/**
 * Ticks every second; amber from the desk's SLA warning lead time (when the ticket joins "At risk or
 * breached"), red once overdue. Before, amber began an hour ahead whatever the desk's setting, so with a
 * one-hour target every new ticket was amber from its first second while that view stayed empty.
 */
export function SlaCountdown({ dueAt }: { dueAt: string | number | null | undefined }) {
  const { t } = useTranslation();
  const now = useNow();
  const warnMs = useSlaWarningMs();
  const f = useFormat();
  if (!dueAt) return <span className="countdown countdown-none">{t('sla.no_target_short')}</span>;
  const due = new Date(dueAt).getTime();
  const left = due - now;
  const state = left <= 0 ? 'breached' : left <= warnMs ? 'risk' : 'ok';
  const text = left <= 0 ? t('sla.overdue_by', { time: formatClock(-left, t) }) : formatClock(left, t);
  return (
    <span
      className={`countdown countdown-${state}`}
      title={t('sla.due_at', { time: f.dateTime(due), zone: f.zone })}
      data-testid="sla-countdown"
    >
      <span className="sr-only">
        {t('sla.next_target')}
        {t('common.label_separator')}
      </span>
      {text}
    </span>
  );
}
