import { useTranslation } from 'react-i18next';
import type { CalendarSpec } from '../../api/types.ts';
import { parseIntervals, formatIntervals } from './intervals.ts';

type Holidays = CalendarSpec['holidays'];
type Extra = CalendarSpec['extra_workdays'];

/** Closed dates: a whole day, or only from–to. */
export function HolidayList({ value, onChange, bad }: { value: Holidays; onChange: (h: Holidays) => void; bad?: boolean }) {
  const { t } = useTranslation();
  const upd = (i: number, patch: Partial<Holidays[number]>) => onChange(value.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <fieldset className={`fieldset${bad ? ' field-error' : ''}`}>
      <legend>{t('admin.cal.holidays')}</legend>
      <p className="hint">{t('admin.cal.holidays_hint')}</p>
      {value.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('admin.cal.date')}</th>
              <th>{t('admin.cal.whole_day')}</th>
              <th>{t('admin.cal.from')}</th>
              <th>{t('admin.cal.to')}</th>
              <th>{t('admin.cal.label')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {value.map((h, i) => {
              const whole = h.from === undefined && h.to === undefined;
              return (
                <tr key={i}>
                  <td>
                    <input type="date" aria-label={t('admin.cal.date')} value={h.date} onChange={(e) => upd(i, { date: e.target.value })} />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('admin.cal.whole_day')}
                      checked={whole}
                      onChange={(e) => upd(i, e.target.checked ? { from: undefined, to: undefined } : { from: '12:00', to: '18:00' })}
                    />
                  </td>
                  <td>
                    <input
                      type="time"
                      aria-label={t('admin.cal.from')}
                      disabled={whole}
                      value={h.from ?? ''}
                      onChange={(e) => upd(i, { from: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="time"
                      aria-label={t('admin.cal.to')}
                      disabled={whole}
                      value={h.to ?? ''}
                      onChange={(e) => upd(i, { to: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={t('admin.cal.label')}
                      value={h.name ?? ''}
                      onChange={(e) => upd(i, { name: e.target.value || undefined })}
                    />
                  </td>
                  <td>
                    <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                      {t('common.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" className="btn btn-sm" onClick={() => onChange([...value, { date: '' }])}>
        + {t('admin.cal.add_holiday')}
      </button>
    </fieldset>
  );
}

/** Make-up workdays (调休): dates whose hours replace the weekly ones, often a weekend. */
export function ExtraWorkdays({ value, onChange, bad }: { value: Extra; onChange: (x: Extra) => void; bad?: boolean }) {
  const { t } = useTranslation();
  const upd = (i: number, patch: Partial<Extra[number]>) => onChange(value.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <fieldset className={`fieldset${bad ? ' field-error' : ''}`}>
      <legend>{t('admin.cal.extra')}</legend>
      <p className="hint">{t('admin.cal.extra_hint')}</p>
      {value.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('admin.cal.date')}</th>
              <th>{t('admin.cal.hours')}</th>
              <th>{t('admin.cal.label')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {value.map((x, i) => (
              <tr key={i}>
                <td>
                  <input type="date" aria-label={t('admin.cal.date')} value={x.date} onChange={(e) => upd(i, { date: e.target.value })} />
                </td>
                <td>
                  <input
                    className="mono"
                    aria-label={t('admin.cal.hours')}
                    defaultValue={formatIntervals(x.hours)}
                    onBlur={(e) => {
                      const xs = parseIntervals(e.target.value);
                      if (xs) upd(i, { hours: xs });
                    }}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('admin.cal.label')}
                    value={x.name ?? ''}
                    onChange={(e) => upd(i, { name: e.target.value || undefined })}
                  />
                </td>
                <td>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="btn btn-sm" onClick={() => onChange([...value, { date: '', hours: [['09:00', '18:00']] }])}>
        + {t('admin.cal.add_extra')}
      </button>
    </fieldset>
  );
}
