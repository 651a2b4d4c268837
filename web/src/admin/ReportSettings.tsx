import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ApiResponse } from '../api/types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import '../agent/ticket/ticketActions.css';
import './reportSettings.css';

type Settings = ApiResponse<'/api/v1/reports/settings', 'get'>;
type Survey = ApiResponse<'/api/v1/settings/satisfaction', 'get'>;
type Kind = 'sla' | 'slo';
const KINDS: Kind[] = ['sla', 'slo'];
/** notify_below as the API takes it (1–6): a score below it notifies; 1 never, 6 every rating. */
const THRESHOLDS = [1, 2, 3, 4, 5, 6] as const;

/** 0.95 → "95"; 0.925 → "92.5". */
const toPercent = (f: number) => String(Math.round(f * 1000) / 10);
/** "95" → 0.95, or null when it is not a number from 0 to 100. */
function fromPercent(s: string): number | null {
  const text = s.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return n >= 0 && n <= 100 ? Math.round(n * 100) / 10_000 : null;
}

/**
 * Admin › Reports & surveys: the compliance targets the reports colour against, whether the public
 * status page shows the measured first-response compliance (docs/reports.md), and the satisfaction
 * survey (docs/satisfaction.md).
 */
export function ReportSettings() {
  const { t } = useTranslation();
  usePageTitle(t('admin.report_settings.title'));
  const reports = useQuery({ queryKey: ['report-settings'], queryFn: () => api.get<Settings>('/reports/settings') });
  const survey = useQuery({ queryKey: ['satisfaction-settings'], queryFn: () => api.get<Survey>('/settings/satisfaction') });
  return (
    <main className="admin-page report-settings" id="main">
      <h1>{t('admin.report_settings.title')}</h1>
      <p className="muted">{t('admin.report_settings.intro')}</p>
      <QueryView query={reports} skeleton={<Skeleton rows={3} height={60} />}>
        {(s) => <ReportsForm initial={s} />}
      </QueryView>
      <QueryView query={survey} skeleton={<Skeleton rows={2} height={60} />}>
        {(s) => <SurveyForm initial={s} />}
      </QueryView>
    </main>
  );
}

/** The form starts from what the server holds (never reset under the admin's typing). */
function ReportsForm({ initial }: { initial: Settings }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [targets, setTargets] = useState<Record<Kind, string>>({
    sla: toPercent(initial.compliance_targets.sla),
    slo: toPercent(initial.compliance_targets.slo),
  });
  const [statusPage, setStatusPage] = useState(initial.status_page_compliance);
  const [checked, setChecked] = useState(false);
  const parsed = { sla: fromPercent(targets.sla), slo: fromPercent(targets.slo) };
  const save = useMutation({
    mutationFn: (body: { compliance_targets: Record<Kind, number>; status_page_compliance: boolean }) =>
      api.put<Settings>('/reports/settings', body),
    onSuccess: (s) => {
      qc.setQueryData(['report-settings'], s);
      // The reports colour against the targets; the status page shows (or hides) the compliance card.
      void qc.invalidateQueries({ queryKey: ['reports'] });
      void qc.invalidateQueries({ queryKey: ['status'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (parsed.sla == null || parsed.slo == null) return;
    save.mutate({ compliance_targets: { sla: parsed.sla, slo: parsed.slo }, status_page_compliance: statusPage });
  };
  const edit = () => save.reset();
  return (
    <form onSubmit={submit} noValidate className="panel stack section" aria-labelledby="report-settings-h">
      <h2 id="report-settings-h">{t('admin.report_settings.reports_title')}</h2>
      <p className="muted">{t('admin.report_settings.targets_intro')}</p>
      <div className="row-gap report-targets">
        {KINDS.map((k) => (
          <Field
            key={k}
            label={t(k === 'sla' ? 'admin.report_settings.sla_target' : 'admin.report_settings.slo_target')}
            hint={t(k === 'sla' ? 'admin.report_settings.sla_target_hint' : 'admin.report_settings.slo_target_hint')}
            error={checked && parsed[k] == null ? t('admin.report_settings.percent_invalid') : undefined}
          >
            {(p) => (
              <div className="with-unit">
                <input
                  {...p}
                  type="number"
                  min={0}
                  max={100}
                  step={0.1}
                  inputMode="decimal"
                  value={targets[k]}
                  onChange={(e) => {
                    edit();
                    setTargets({ ...targets, [k]: e.target.value });
                  }}
                />
                <span className="muted">%</span>
              </div>
            )}
          </Field>
        ))}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={statusPage}
          aria-describedby="status-page-compliance-hint"
          onChange={(e) => {
            edit();
            setStatusPage(e.target.checked);
          }}
        />
        {t('admin.report_settings.status_page')}
      </label>
      <p className="hint check-hint" id="status-page-compliance-hint">
        {t('admin.report_settings.status_page_hint')}{' '}
        <a href="/status" target="_blank" rel="noreferrer">
          {t('admin.report_settings.status_page_link')}
        </a>
      </p>
      <Saved save={save} />
    </form>
  );
}

function SurveyForm({ initial }: { initial: Survey }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form, setForm] = useState({ enabled: initial.enabled, notify_below: initial.notify_below });
  const save = useMutation({
    mutationFn: () => api.patch<Survey>('/settings/satisfaction', form),
    onSuccess: (s) => qc.setQueryData(['satisfaction-settings'], s),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const set = (patch: Partial<typeof form>) => {
    save.reset();
    setForm({ ...form, ...patch });
  };
  const labels: Record<(typeof THRESHOLDS)[number], string> = {
    1: t('admin.report_settings.notify_never'),
    2: t('admin.report_settings.notify_1'),
    3: t('admin.report_settings.notify_2'),
    4: t('admin.report_settings.notify_3'),
    5: t('admin.report_settings.notify_4'),
    6: t('admin.report_settings.notify_all'),
  };
  return (
    <form onSubmit={submit} className="panel stack section" aria-labelledby="survey-settings-h">
      <h2 id="survey-settings-h">{t('admin.report_settings.survey_title')}</h2>
      <p className="muted">{t('admin.report_settings.survey_intro')}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={form.enabled}
          aria-describedby="survey-enabled-hint"
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        {t('admin.report_settings.survey_enabled')}
      </label>
      <p className="hint check-hint" id="survey-enabled-hint">
        {t('admin.report_settings.survey_enabled_hint')}
      </p>
      <Field label={t('admin.report_settings.notify_below')} hint={t('admin.report_settings.notify_below_hint')}>
        {(p) => (
          <select {...p} value={form.notify_below} onChange={(e) => set({ notify_below: Number(e.target.value) })}>
            {THRESHOLDS.map((n) => (
              <option key={n} value={n}>
                {labels[n]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Saved save={save} />
    </form>
  );
}

/** Error, "Saved." and the Save button, shared by both forms. */
function Saved({ save }: { save: { isError: boolean; error: unknown; isSuccess: boolean; isPending: boolean } }) {
  const { t } = useTranslation();
  return (
    <>
      {save.isError && <ErrorBanner error={save.error} />}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('admin.report_settings.save')}
        </button>
        {save.isSuccess && (
          <span role="status" className="muted">
            {t('admin.report_settings.saved')}
          </span>
        )}
      </div>
    </>
  );
}
