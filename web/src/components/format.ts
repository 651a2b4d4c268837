import { useTranslation } from 'react-i18next';
import { useMe } from '../api/session.ts';

export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(v: string | number | Date, lang: string, timeZone: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const d = toDate(v);
  if (!d) return '';
  return new Intl.DateTimeFormat(lang, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...opts,
  }).format(d);
}

/** The viewer's zone: the one set on their profile, else the browser's. */
export function useViewerZone(): string {
  const me = useMe().data;
  const z = me?.timezone;
  if (z) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: z });
      return z;
    } catch {
      /* unknown zone */
    }
  }
  return browserZone();
}

/** Formatting in the viewer's language and time zone. */
export function useFormat() {
  const { i18n, t } = useTranslation();
  const zone = useViewerZone();
  const lang = i18n.language;
  return {
    zone,
    lang,
    dateTime: (v: string | number | Date, o?: Intl.DateTimeFormatOptions) => formatDateTime(v, lang, zone, o),
    dateTimeIn: (v: string | number | Date, tz: string) => formatDateTime(v, lang, tz, { year: undefined }),
    date: (v: string | number | Date) => formatDateTime(v, lang, zone, { hour: undefined, minute: undefined, weekday: undefined }),
    /** "1 h 05 min", "3 d 4 h", "42 s". */
    duration: (ms: number) => formatDuration(ms, t),
    relative: (v: string | number | Date, nowMs = Date.now()) => {
      const d = toDate(v);
      if (!d) return '';
      const diff = d.getTime() - nowMs;
      const abs = Math.abs(diff);
      const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
      if (abs < 60_000) return rtf.format(Math.round(diff / 1000), 'second');
      if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
      if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
      return rtf.format(Math.round(diff / 86_400_000), 'day');
    },
  };
}

export function formatDuration(ms: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400),
    h = Math.floor((s % 86400) / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  if (d > 0) return t('time.days_hours', { d, h });
  if (h > 0) return t('time.hours_minutes', { h, m: String(m).padStart(2, '0') });
  if (m > 0) return t('time.minutes_seconds', { m, s: String(sec).padStart(2, '0') });
  return t('time.seconds', { s: sec });
}

/** A countdown clock: "3:59:58" under a day, "2 d 4 h" beyond. */
export function formatClock(ms: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 86400) return t('time.days_hours', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

/** Minutes as "4 h", "30 min", "1 h 30 min", "2 d". */
export function formatMinutes(min: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (min % 1440 === 0 && min >= 1440) return t('time.d', { n: min / 1440 });
  if (min >= 60) return min % 60 ? t('time.h_min', { h: Math.floor(min / 60), m: min % 60 }) : t('time.h', { n: min / 60 });
  return t('time.min', { n: min });
}

/**
 * A span of whole minutes as a person reads it: "45 min", "3 h 20 min", "2 d 4 h", "5 d"
 * (Chinese "45 分钟", "3 小时 20 分钟", "2 天 4 小时", "5 天"). Past a day the minutes are dropped.
 */
export function formatSpan(minutes: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  const min = Math.max(0, Math.round(minutes));
  if (min < 60) return t('time.min', { n: min });
  if (min < 1440) return min % 60 ? t('time.h_min', { h: Math.floor(min / 60), m: min % 60 }) : t('time.h', { n: min / 60 });
  const d = Math.floor(min / 1440),
    h = Math.floor((min % 1440) / 60);
  return h ? t('time.days_hours', { d, h }) : t('time.d', { n: d });
}
