import { COMMON_CODES, type Finding } from '../../domain/diagnostics/findings.ts';
import { t } from '../../i18n/index.ts';
import type { DiagnosticRow } from './diagnosticsRepository.ts';

/** One finding in the reader's language: stored facts, words chosen now. */
export function renderFinding(locale: string, c: Finding) {
  const base = COMMON_CODES.includes(c.code) ? `diagnostics.common.${c.code}` : `diagnostics.${c.key}.${c.code}`;
  const params = { ...c.params, check: t(locale, `diagnostics.check.${c.key}`) };
  return {
    key: c.key,
    status: c.status,
    code: c.code,
    name: params.check,
    title: t(locale, `${base}.title`, params),
    detail: t(locale, `${base}.detail`, params),
    fix: c.status === 'ok' ? null : t(locale, `${base}.fix`, params),
  };
}

export function presentDiagnostic(row: DiagnosticRow, locale: string) {
  return {
    id: row.id,
    asset_id: row.asset_id,
    domain: row.domain,
    ticket_id: row.ticket_id,
    ran_at: row.ran_at,
    finished_at: row.finished_at,
    checks: (row.checks ?? []).map((c) => renderFinding(locale, c)),
  };
}
