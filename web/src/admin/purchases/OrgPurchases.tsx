import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import { useLocalized, useServices } from '../../api/plans.ts';
import type { Purchase } from '../../api/types.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Time } from '../../components/Time.tsx';
import { RecordPurchaseForm } from './RecordPurchaseForm.tsx';

/**
 * The organization's purchases, its incident balance, and the form to record one (admins: `canRecord`).
 * `className` styles its own section (a panel on the organization page), so that a desk selling
 * nothing leaves no empty box behind.
 */
export function OrgPurchases({ orgId, canRecord = true, className }: { orgId: number; canRecord?: boolean; className?: string }) {
  const { t } = useTranslation();
  const text = useLocalized();
  const services = useServices();
  const q = useQuery({
    queryKey: ['purchases', orgId],
    queryFn: () => api.get<Page<Purchase> & { incident_balance: number }>(`/organizations/${orgId}/purchases`, { limit: 100 }),
  });
  const name = (key: string) => text(services.data?.data.find((s) => s.key === key)?.name) || key;
  // A desk that sells no services (the tiered preset) has nothing to record: no purchases section at all,
  // unless the organization has purchases from before.
  if (services.data && !services.data.data.length && q.data && !q.data.data.length && !q.data.incident_balance) return null;
  return (
    <section aria-labelledby="purchases-title" className={className}>
      <h3 id="purchases-title">{t('kf.purchases.title')}</h3>
      <QueryView query={q}>
        {(p) => (
          <>
            <p>
              <strong data-testid="org-incident-balance">{t('kf.incidents.balance', { n: p.incident_balance })}</strong>
            </p>
            {p.data.length ? (
              <ul className="plain purchases">
                {p.data.map((x) => (
                  <li key={x.id}>
                    <strong>{t('kf.purchases.line', { n: x.quantity, service: name(x.service), left: x.remaining })}</strong>
                    <div className="muted small">
                      <span className="mono">{x.order_ref}</span>
                      {x.marketplace && ` · ${x.marketplace}`}
                      {' · '}
                      {t('kf.purchases.expires_at')}: {x.expires_at ? <Time value={x.expires_at} /> : t('kf.purchases.never')}
                      {' · '}
                      {t('kf.purchases.recorded')}: <Time value={x.created_at} />
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('kf.purchases.none')}</p>
            )}
          </>
        )}
      </QueryView>
      {canRecord && <RecordPurchaseForm orgId={orgId} />}
    </section>
  );
}
