import { useTranslation } from 'react-i18next';
import type { Hours, Weekday } from '../../api/types.ts';
import type { useFormat } from '../../components/format.ts';
import { upcomingDays, type SpecialDay } from './upcomingDays.ts';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Consecutive days with the same hours, as one row each: Mon–Fri 09:00–18:00. */
function rows(hours: Hours) {
  const out: Array<{ from: Weekday; to: Weekday; text: string }> = [];
  for (const d of DAYS) {
    const text = (hours.weekly[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
    const last = out[out.length - 1];
    if (last && last.text === text) last.to = d;
    else out.push({ from: d, to: d, text });
  }
  return out;
}

/** Open all day on every day of the week, with no holiday that closes it. */
export function roundTheClock(hours: Hours): boolean {
  if ((hours.holidays ?? []).length > 0) return false;
  return DAYS.every((d) => {
    const day = hours.weekly[d] ?? [];
    return day.length === 1 && day[0][0] === '00:00' && day[0][1] === '24:00';
  });
}

/**
 * "Closed · opens Mon 08:00": the next opening in the zone the hours below it are named in (not the
 * viewer's, which would put 00:00 next to "Mon–Sat 08:00–17:30, hours in Asia/Shanghai").
 */
export function openingText(
  f: ReturnType<typeof useFormat>,
  t: (k: string, o?: Record<string, unknown>) => string,
  nextOpenAt: string | null,
  hours: Hours | null,
) {
  if (!nextOpenAt) return t('kf.channel.closed');
  return t('kf.channel.opens', { time: hours?.timezone ? f.dateTimeIn(nextOpenAt, hours.timezone) : f.dateTime(nextOpenAt) });
}

/** "Tue, Dec 8" / "12月8日周二": a calendar date as written, whatever the viewer's zone. */
const dayName = (date: string, lang: string) =>
  new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** One holiday or make-up workday in words: "Closed Tue, Dec 8 (Company meeting)". */
function specialDayText(d: SpecialDay, t: (k: string, o?: Record<string, unknown>) => string, lang: string): string {
  const day = dayName(d.date, lang);
  const text =
    d.kind === 'workday'
      ? t('kf.channel.workday', { day, hours: d.hours.map(([a, b]) => `${a}–${b}`).join(t('kf.channel.list_separator')) })
      : d.from || d.to
        ? t('kf.channel.holiday_part', { day, from: d.from ?? '00:00', to: d.to ?? '24:00' })
        : t('kf.channel.holiday', { day });
  return d.name ? t('kf.channel.named', { text, name: d.name }) : text;
}

/**
 * The weekly service hours, in the calendar's own zone (named), then the coming holidays and make-up
 * workdays: without them, "Mon–Sat 08:00–17:30" sat beside "Closed · opens Wed 08:00" on a Tuesday holiday.
 */
export function ChannelHours({ hours }: { hours: Hours | null }) {
  const { t, i18n } = useTranslation();
  if (!hours) return <p className="muted small">{t('kf.channel.always')}</p>;
  // Every day 00:00–24:00 and no holiday: in words (seed 001's "7×24"), as the help center's
  // "Service hours" article says it, not a row "Mon–Sun 00:00–24:00" with a zone that changes nothing.
  if (roundTheClock(hours)) return <p className="muted small">{t('kf.channel.round_the_clock')}</p>;
  const special = upcomingDays(hours, new Date());
  return (
    <div className="small">
      <dl className="hours">
        {rows(hours).map((r) => (
          <div key={r.from} className="row-gap">
            <dt>{r.from === r.to ? t(`weekday.${r.from}`) : `${t(`weekday.${r.from}`)}–${t(`weekday.${r.to}`)}`}</dt>
            <dd>{r.text || <span className="muted">{t('kf.channel.closed_day')}</span>}</dd>
          </div>
        ))}
      </dl>
      {special.length > 0 && (
        <ul className="plain" data-testid="special-days">
          {special.map((d) => (
            <li key={`${d.kind}-${d.date}-${d.kind === 'holiday' ? (d.from ?? '') : ''}`}>{specialDayText(d, t, i18n.language)}</li>
          ))}
        </ul>
      )}
      <p className="muted">{t('kf.channel.zone', { zone: hours.timezone })}</p>
    </div>
  );
}
