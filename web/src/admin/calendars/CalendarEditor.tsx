import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { CalendarRecord, CalendarSpec } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { useViewerZone } from '../../components/format.ts';
import { timeZones } from '../../components/timeZones.ts';
import { CalendarPreview, cleanSpec } from './CalendarPreview.tsx';
import { ExtraWorkdays, HolidayList } from './HolidayList.tsx';
import { defaultSpec, specOf } from './intervals.ts';
import { WeekGrid } from './WeekGrid.tsx';

export function CalendarEditor({ record }: { record: CalendarRecord | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const viewerZone = useViewerZone();
  const [name, setName] = useState(record?.name ?? '');
  const [spec, setSpec] = useState<CalendarSpec>(() => (record ? specOf(record) : defaultSpec(viewerZone)));
  const [badField, setBadField] = useState<string | null>(null);
  const onBadField = useCallback((f: string | null) => setBadField(f), []);
  const set = (patch: Partial<CalendarSpec>) => setSpec((s) => ({ ...s, ...patch }));
  const save = useMutation({
    mutationFn: () => {
      const body = { name, ...cleanSpec(spec) };
      return record ? api.put<CalendarRecord>(`/calendars/${record.id}`, body) : api.post<CalendarRecord>('/calendars', body);
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['calendars'] });
      if (!record && c?.id !== undefined) navigate(`/admin/calendars/${c.id}`, { replace: true });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/calendars/${record!.id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['calendars'] });
      navigate('/admin/calendars');
    },
  });
  const saveField = save.error instanceof ApiError ? save.error.field : undefined;
  const bad = (prefix: string) =>
    [badField, saveField].some((f) => f && (f === prefix || f.startsWith(`${prefix}.`) || f.startsWith(`calendar.${prefix}`)));
  const zoneList = timeZones;

  return (
    <div className="cal-editor">
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="row-2">
          <Field label={t('admin.cal.name')}>
            {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field
            label={t('admin.cal.timezone')}
            hint={t('admin.cal.timezone_hint')}
            error={bad('timezone') ? t('admin.cal.bad_field') : undefined}
          >
            {(p) => (
              <input
                {...p}
                list="kefu-zones"
                className="mono"
                value={spec.timezone}
                onChange={(e) => set({ timezone: e.target.value.trim() })}
              />
            )}
          </Field>
          <datalist id="kefu-zones">
            {zoneList.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <fieldset className={`fieldset${bad('weekly') ? ' field-error' : ''}`}>
          <legend>{t('admin.cal.weekly')}</legend>
          <p className="hint">{t('admin.cal.weekly_hint')}</p>
          <WeekGrid weekly={spec.weekly} onChange={(weekly) => set({ weekly })} />
        </fieldset>
        <HolidayList value={spec.holidays} onChange={(holidays) => set({ holidays })} bad={bad('holidays')} />
        <ExtraWorkdays value={spec.extra_workdays} onChange={(extra_workdays) => set({ extra_workdays })} bad={bad('extra_workdays')} />
        {save.isError && <ErrorBanner error={save.error} />}
        {remove.isError && <ErrorBanner error={remove.error} />}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {record ? t('common.save') : t('admin.cal.create')}
          </button>
          {save.isSuccess && (
            <span className="ok-text" role="status">
              ✓ {t('common.saved')}
            </span>
          )}
          <span className="spacer" />
          {record && (
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                if (window.confirm(t('admin.cal.delete_confirm', { name: record.name }))) remove.mutate();
              }}
            >
              {t('common.delete')}
            </button>
          )}
        </div>
      </form>
      <CalendarPreview spec={spec} onBadField={onBadField} />
    </div>
  );
}
