import { useTranslation } from 'react-i18next';
import { CHECK_KEYS, type Diagnostic, type DiagnosticCheck } from '../api/diagnostics.ts';
import { Time } from './Time.tsx';
import './diagnostics.css';

const MARK = { ok: '✓', warn: '!', fail: '✗', error: '–' } as const;

/**
 * The checks of one run: status, title, what was seen and how to fix it. Problems first, then the rest;
 * `compact` (the console side panel) folds the passed checks under one line.
 */
export function DiagnosticFindings({ run, compact }: { run: Diagnostic; compact?: boolean }) {
  const { t } = useTranslation();
  const rank = { fail: 0, warn: 1, error: 2, ok: 3 } as const;
  const checks = [...run.checks].sort((a, b) => rank[a.status] - rank[b.status] || CHECK_KEYS.indexOf(a.key) - CHECK_KEYS.indexOf(b.key));
  const problems = run.checks.filter((c) => c.status === 'fail' || c.status === 'warn').length;
  const passed = checks.filter((c) => c.status === 'ok');
  return (
    <div className={`diag${compact ? ' diag-compact' : ''}`} data-testid="diagnostic-run">
      <div className="diag-head">
        <strong data-testid="diagnostic-summary">
          {problems ? t('diag.summary', { count: problems, domain: run.domain }) : t('diag.summary_clean', { domain: run.domain })}
        </strong>
        <span className="muted small">
          {t('diag.checked_at')} <Time value={run.ran_at} />
        </span>
      </div>
      <ul className="diag-list">
        {(compact ? checks.filter((c) => c.status !== 'ok') : checks).map((c) => (
          <Check key={c.key} c={c} />
        ))}
      </ul>
      {compact && passed.length > 0 && (
        <details className="diag-passed">
          <summary className="small">{t('diag.ok_count', { count: passed.length })}</summary>
          <ul className="diag-list">
            {passed.map((c) => (
              <Check key={c.key} c={c} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Check({ c }: { c: DiagnosticCheck }) {
  const { t } = useTranslation();
  return (
    <li className={`diag-item diag-${c.status}`} data-check={c.key} data-status={c.status}>
      <span className="diag-mark" aria-hidden="true">
        {MARK[c.status]}
      </span>
      <span className="diag-name">
        {t(`diag.check.${c.key}`)} <span className="muted">· {t(`diag.status.${c.status}`)}</span>
      </span>
      <div className="diag-body">
        <p>
          <strong>{c.title}</strong>
        </p>
        <p className="muted small">{c.detail}</p>
        {c.fix && (
          <p className="diag-fix small">
            <strong>{t('diag.fix')}</strong>
            {c.fix}
          </p>
        )}
      </div>
    </li>
  );
}

/**
 * While a run is under way: the checks it is making, none marked done. The run is one request, so
 * all of them finish together; nothing here pretends otherwise.
 */
export function DiagnosticsPending({ domain }: { domain: string }) {
  const { t } = useTranslation();
  return (
    <div className="diag" role="status" data-testid="diagnostics-pending">
      <div className="checking-row">
        <span className="spinner" aria-hidden="true" /> {t('diag.running', { domain })}
      </div>
      <ul className="diag-list">
        {CHECK_KEYS.map((k) => (
          <li key={k} className="diag-item diag-pending">
            <span className="diag-mark" aria-hidden="true">
              …
            </span>
            <span className="diag-name">
              {t(`diag.check.${k}`)} <span className="muted">· {t('diag.pending')}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
