import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { daysBetween, isDate, MAX_DAYS, PRESETS, type Period, type PeriodChoice } from './period.ts';

/** Last 7 / 30 / 90 days, this year, or two dates; the choice goes to the URL (a link shares the same figures). */
export function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState(period.choice === 'custom');
  const [from, setFrom] = useState(period.fromDate);
  const [to, setTo] = useState(period.toDate);
  const choice: PeriodChoice = custom ? 'custom' : period.choice;
  const tooLong = isDate(from) && isDate(to) && daysBetween(from, to) + 1 > MAX_DAYS;
  const valid = isDate(from) && isDate(to) && from <= to && !tooLong;
  return (
    <form
      className="period-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onChange({ choice: 'custom', fromDate: from, toDate: to });
      }}
    >
      <label>
        <span className="sr-only">{t('reports.period.label')}</span>
        <select
          value={choice}
          data-testid="period"
          aria-label={t('reports.period.label')}
          onChange={(e) => {
            const v = e.target.value as PeriodChoice;
            if (v === 'custom') {
              setCustom(true);
              setFrom(period.fromDate);
              setTo(period.toDate);
              return;
            }
            setCustom(false);
            onChange({ ...period, choice: v });
          }}
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`reports.period.${p}`)}
            </option>
          ))}
          <option value="custom">{t('reports.period.custom')}</option>
        </select>
      </label>
      {custom && (
        <>
          <label>
            {t('reports.period.from')} <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            {t('reports.period.to')} <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit" className="btn btn-sm" disabled={!valid} aria-describedby={tooLong ? 'period-too-long' : undefined}>
            {t('reports.period.apply')}
          </button>
          {tooLong && (
            <span id="period-too-long" role="alert" className="period-error">
              {t('reports.period.too_long', { max: MAX_DAYS })}
            </span>
          )}
        </>
      )}
    </form>
  );
}
