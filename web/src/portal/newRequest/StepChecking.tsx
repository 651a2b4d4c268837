import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { assetRunKey, type Diagnostic } from '../../api/diagnostics.ts';
import type { Asset } from '../../api/types.ts';
import { DiagnosticFindings, DiagnosticsPending } from '../../components/DiagnosticFindings.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

/**
 * Real checks of the chosen domain (POST /diagnostics, docs/diagnostics.md): DNS, HTTPS, HTTP,
 * status, certificate, redirects and time to first byte, with a fix for each problem. The run is
 * kept for this asset while the form is open (going back and forth does not run it again) and its
 * id goes with the ticket. The form shows this step only for a domain (stepsFor).
 */
export function StepChecking({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const run = useQuery({
    queryKey: assetRunKey(asset.id),
    queryFn: async () => (await api.post<{ data: Diagnostic }>('/diagnostics', { asset_id: asset.id })).data,
    staleTime: 5 * 60_000,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  return (
    <div className="checking" aria-live="polite">
      {run.isFetching ? (
        <DiagnosticsPending domain={asset.name} />
      ) : run.data ? (
        <>
          <DiagnosticFindings run={run.data} />
          <p className="muted small">{t('diag.attached')}</p>
        </>
      ) : (
        <p>{t('diag.failed')}</p>
      )}
      {run.error && !run.isFetching && <ErrorBanner error={run.error} />}
      {!run.isFetching && (
        <div>
          <button type="button" className="btn btn-sm" onClick={() => void run.refetch()} data-testid="diagnostics-rerun">
            {t('diag.run_again')}
          </button>
        </div>
      )}
      <p className="muted">{t('new.checking.continue')}</p>
    </div>
  );
}
