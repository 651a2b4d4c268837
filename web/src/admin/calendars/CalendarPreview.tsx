import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import type { CalendarSpec } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { useFormat } from '../../components/format.ts';
import { nowInZone, zonedToInstant } from './intervals.ts';

/** Drops half-filled rows so the preview judges what the admin has actually entered. */
export function cleanSpec(s: CalendarSpec): CalendarSpec {
  return {
    timezone: s.timezone,
    weekly: s.weekly,
    holidays: s.holidays
      .filter((h) => h.date)
      .map((h) => ({ date: h.date, ...(h.from !== undefined ? { from: h.from, to: h.to } : {}), ...(h.name ? { name: h.name } : {}) })),
    extra_workdays: s.extra_workdays
      .filter((x) => x.date)
      .map((x) => ({ date: x.date, hours: x.hours, ...(x.name ? { name: x.name } : {}) })),
  };
}

/** "A ticket arriving Fri 16:00 with a 4 h target is due Mon 11:00" — asked of the server as you edit. */
export function CalendarPreview({ spec, onBadField }: { spec: CalendarSpec; onBadField: (field: string | null) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [start, setStart] = useState(() => nowInZone(spec.timezone || 'UTC'));
  const [minutes, setMinutes] = useState(240);
  const [due, setDue] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const body = JSON.stringify(cleanSpec(spec));

  useEffect(() => {
    let live = true;
    // A zone the browser does not know still goes to the server, which names the bad field.
    let startIso: string;
    try {
      startIso = zonedToInstant(start, spec.timezone).toISOString();
    } catch {
      try {
        startIso = zonedToInstant(start, 'UTC').toISOString();
      } catch {
        setDue(null);
        return;
      }
    }
    setBusy(true);
    const id = setTimeout(async () => {
      try {
        const r = await api.post<{ due: string }>('/calendars/preview', {
          calendar: JSON.parse(body),
          op: 'due',
          start: startIso,
          minutes,
        });
        if (!live) return;
        setDue(r.due);
        setError(null);
        onBadField(null);
      } catch (e) {
        if (!live) return;
        setDue(null);
        setError(e);
        onBadField(e instanceof ApiError ? (e.field ?? null) : null);
      } finally {
        if (live) setBusy(false);
      }
    }, 350);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [body, start, minutes, spec.timezone, onBadField]);

  let startInstant: Date | null = null;
  try {
    startInstant = zonedToInstant(start, spec.timezone);
  } catch {
    /* unknown zone */
  }
  const otherZone = spec.timezone !== f.zone;

  return (
    <section className="preview card" aria-labelledby="preview-h">
      <h2 id="preview-h">{t('admin.cal.preview')}</h2>
      <div className="preview-inputs">
        <Field label={t('admin.cal.arriving', { zone: spec.timezone })}>
          {(p) => <input {...p} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={t('admin.cal.target_minutes')}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={100000}
              value={minutes}
              onChange={(e) => setMinutes(Math.max(1, Number(e.target.value) || 1))}
            />
          )}
        </Field>
      </div>
      <div className="preview-result" aria-live="polite" data-testid="calendar-preview">
        {error ? (
          <ErrorBanner error={error} title={t('admin.cal.preview_failed')} />
        ) : due && startInstant ? (
          <>
            <p className="preview-sentence">
              {t('admin.cal.preview_sentence', {
                start: f.dateTimeIn(startInstant, spec.timezone),
                target: minutes,
                due: f.dateTimeIn(due, spec.timezone),
                zone: spec.timezone,
              })}
            </p>
            {otherZone && <p className="muted small">{t('admin.cal.preview_yours', { due: f.dateTime(due), zone: f.zone })}</p>}
          </>
        ) : busy ? (
          <p className="muted">{t('common.loading')}</p>
        ) : null}
      </div>
    </section>
  );
}
