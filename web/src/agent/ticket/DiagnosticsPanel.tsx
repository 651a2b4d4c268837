import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { Diagnostic } from '../../api/diagnostics.ts';
import type { Asset, Ticket } from '../../api/types.ts';
import { DiagnosticFindings, DiagnosticsPending } from '../../components/DiagnosticFindings.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

/**
 * The diagnostics attached to the ticket (the requester's run from the guided form, and the runs
 * staff made here), newest first, in the agent's language, with when they ran. *Run again* checks the
 * ticket's domain asset (or the domain its form named) now and attaches the result. A ticket that names
 * no domain (a mail, a call) offers the organization's own domains instead, one button each: before,
 * the panel said there was nothing to check while the side panel listed them.
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
  // The same query (and cache) as the side panel's list of the organization's assets.
  const orgAssets = useQuery({
    queryKey: ['assets', ticket.organization_id],
    enabled: !target && !!ticket.organization_id,
    queryFn: () => api.get<Page<Asset>>(`/organizations/${ticket.organization_id}/assets`, { limit: 50 }),
  });
  const orgDomains = target ? [] : (orgAssets.data?.data ?? []).filter((a) => a.kind === 'domain');
  const again = useMutation({
    mutationFn: (o: { asset_id: number; name: string } | null) =>
      api.post<{ data: Diagnostic }>('/diagnostics', { ...(o ? { asset_id: o.asset_id } : target), ticket_id: ticket.id }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const list = runs.data?.data ?? [];
  return (
    <section className="panel" data-testid="diagnostics-panel">
      <h2 className="panel-title">{t('diag.title')}</h2>
      {again.isPending ? (
        <DiagnosticsPending domain={again.variables?.name ?? asset?.name ?? typed ?? ''} />
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
          onClick={() => again.mutate(null)}
          data-testid="diagnostics-run-again"
        >
          {t('diag.run_again')}
        </button>
      ) : orgDomains.length ? (
        <>
          <p className="muted small">{t('diag.agent_org_domains')}</p>
          <div className="btn-row">
            {orgDomains.map((d) => (
              <button
                key={d.id}
                type="button"
                className="btn btn-sm"
                disabled={again.isPending}
                onClick={() => again.mutate({ asset_id: d.id, name: d.name })}
                data-testid="diagnostics-check-domain"
              >
                {t('diag.check_domain', { domain: d.name })}
              </button>
            ))}
          </div>
        </>
      ) : (
        <p className="muted small">{t('diag.agent_no_domain')}</p>
      )}
    </section>
  );
}
