import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Diagnostic } from '../../api/diagnostics.ts';
import type { Ticket } from '../../api/types.ts';
import { DiagnosticFindings, DiagnosticsPending } from '../../components/DiagnosticFindings.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

/**
 * The diagnostics attached to the ticket (the requester's run from the guided form, and the runs
 * staff made here), newest first, in the agent's language, with when they ran. *Run again* checks the
 * ticket's domain asset (or the domain its form named) now and attaches the result.
 */
export function DiagnosticsPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ['ticket-diagnostics', ticket.id];
  const runs = useQuery({ queryKey: key, queryFn: () => api.get<{ data: Diagnostic[] }>(`/tickets/${ticket.id}/diagnostics`) });
  const asset = ticket.asset && ticket.asset.kind === 'domain' ? ticket.asset : null;
  const fields = (ticket.fields ?? {}) as Record<string, unknown>;
  const typed = typeof fields.domain === 'string' && fields.domain.includes('.') ? fields.domain : null;
  const target = asset ? { asset_id: asset.id } : typed ? { domain: typed } : null;
  const again = useMutation({
    mutationFn: () => api.post<{ data: Diagnostic }>('/diagnostics', { ...target, ticket_id: ticket.id }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const list = runs.data?.data ?? [];
  return (
    <section className="panel" data-testid="diagnostics-panel">
      <h2 className="panel-title">{t('diag.title')}</h2>
      {again.isPending ? (
        <DiagnosticsPending domain={asset?.name ?? typed ?? ''} />
      ) : list[0] ? (
        <DiagnosticFindings run={list[0]} compact />
      ) : runs.isSuccess ? (
        <p className="muted">{t('diag.agent_empty')}</p>
      ) : null}
      {runs.error && <ErrorBanner error={runs.error} />}
      {again.error && <ErrorBanner error={again.error} />}
      {target ? (
        <button
          type="button"
          className="btn btn-sm"
          disabled={again.isPending}
          onClick={() => again.mutate()}
          data-testid="diagnostics-run-again"
        >
          {t('diag.run_again')}
        </button>
      ) : (
        <p className="muted small">{t('diag.agent_no_domain')}</p>
      )}
    </section>
  );
}
