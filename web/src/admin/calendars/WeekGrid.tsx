import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WEEKDAYS, type Interval, type Weekday } from '../../api/types.ts';
import { formatIntervals, intervalsOf, parseIntervals, SLOTS, slotsOf } from './intervals.ts';

/**
 * Opening hours as a week of half-hour cells: press and drag to paint open or closed.
 * Each day also has a text field (08:00–12:00, 13:00–17:30) — the precise and keyboard-friendly way to edit.
 */
export function WeekGrid({
  weekly,
  onChange,
}: {
  weekly: Record<Weekday, Interval[]>;
  onChange: (w: Record<Weekday, Interval[]>) => void;
}) {
  const { t } = useTranslation();
  const paint = useRef<boolean | null>(null);
  useEffect(() => {
    const up = () => {
      paint.current = null;
    };
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);
  const setSlot = (day: Weekday, i: number, on: boolean) => {
    const slots = slotsOf(weekly[day]);
    if (slots[i] === on) return;
    slots[i] = on;
    onChange({ ...weekly, [day]: intervalsOf(slots) });
  };
  return (
    <div className="week">
      <div className="week-hours" aria-hidden="true">
        <span />
        <div className="week-hour-row">
          {Array.from({ length: 24 }, (_, h) => (
            <span key={h}>{h % 3 === 0 ? String(h).padStart(2, '0') : ''}</span>
          ))}
        </div>
        <span />
      </div>
      {WEEKDAYS.map((day) => {
        const slots = slotsOf(weekly[day]);
        return (
          <div key={day} className="week-row">
            <span className="week-day">{t(`weekday.${day}`)}</span>
            <div className="week-cells" aria-hidden="true" onPointerLeave={() => undefined}>
              {Array.from({ length: SLOTS }, (_, i) => (
                <span
                  key={i}
                  className={`cell${slots[i] ? ' on' : ''}${i % 2 === 0 ? ' hour' : ''}`}
                  onPointerDown={(e) => {
                    e.preventDefault();
                    paint.current = !slots[i];
                    setSlot(day, i, paint.current);
                  }}
                  onPointerEnter={() => {
                    if (paint.current !== null) setSlot(day, i, paint.current);
                  }}
                />
              ))}
            </div>
            <DayText day={day} value={weekly[day]} onChange={(xs) => onChange({ ...weekly, [day]: xs })} />
          </div>
        );
      })}
    </div>
  );
}

function DayText({ day, value, onChange }: { day: Weekday; value: Interval[]; onChange: (xs: Interval[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatIntervals(value));
  const [bad, setBad] = useState(false);
  const shown = formatIntervals(value);
  useEffect(() => {
    setText(shown);
    setBad(false);
  }, [shown]);
  const commit = () => {
    const xs = parseIntervals(text);
    if (xs) {
      setBad(false);
      onChange(xs);
    } else setBad(true);
  };
  return (
    <input
      className={`week-text mono${bad ? ' invalid' : ''}`}
      aria-label={t('admin.cal.hours_of', { day: t(`weekday.${day}`) })}
      aria-invalid={bad || undefined}
      title={bad ? t('admin.cal.hours_invalid') : undefined}
      placeholder={t('admin.cal.closed')}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}
