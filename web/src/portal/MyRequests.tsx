import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Page } from '../api/client.ts';
import { useTicketForm } from '../api/plans.ts';
import { isStaff, useMe } from '../api/session.ts';
import type { Ticket } from '../api/types.ts';
import { PriorityBadge, StatusBadge } from '../components/Badges.tsx';
import { AlternativeLinks } from '../components/NotEntitled.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { SlaExpectation } from '../components/SlaExpectation.tsx';
import { Time } from '../components/Time.tsx';

const TABS = { open: 'new,open,pending,on_hold', solved: 'solved,closed' } as const;
type Tab = keyof typeof TABS;

/** "My requests": the customer's open and solved tickets, with what response to expect. */
export function MyRequests() {
  const { t } = useTranslation();
  usePageTitle(t('portal.my_requests'));
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'solved' ? 'solved' : 'open';
  const me = useMe().data;
  // Customers see their organization's requests (the API scopes them); agents here see the ones they opened themselves.
  const requester = isStaff(me) && me?.id != null ? me.id : undefined;
  // A plan without help from a person and no paid incident left (seed 001's free product): the form
  // would refuse every request, so the empty list says where help is instead of "open a request".
  const form = useTicketForm(undefined);
  const refusal = me?.role === 'customer' ? form.data?.refusal : null;
  const noHelp = refusal?.reason === 'no_human_support' ? (form.data?.alternatives ?? []) : null;
  const q = useQuery({
    queryKey: ['tickets', 'mine', tab, requester],
    queryFn: () => api.get<Page<Ticket>>('/tickets', { status: TABS[tab], sort: '-updated_at', limit: 50, requester_id: requester }),
  });
  return (
    <main className="page page-narrow" id="main">
      <div className="page-head">
        <h1>{t('portal.my_requests')}</h1>
        <Link to="/requests/new" className="btn btn-primary">
          + {t('portal.nav.new_request')}
        </Link>
      </div>
      <div className="tabs" role="tablist" aria-label={t('portal.my_requests')}>
        {(Object.keys(TABS) as Tab[]).map((k) => (
          <button
            key={k}
            role="tab"
            type="button"
            aria-selected={tab === k}
            className={tab === k ? 'tab active' : 'tab'}
            onClick={() => setParams({ tab: k })}
          >
            {t(`portal.tab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        <QueryView query={q}>
          {(page) =>
            page.data.length === 0 ? (
              <EmptyState icon={tab === 'open' ? 'coffee' : 'check'} title={t(`portal.empty.${tab}_title`)}>
                {tab === 'open' && me?.role === 'customer' && form.isPending ? null : tab === 'open' && noHelp ? (
                  <>
                    <p data-testid="no-human-support">{t('portal.empty.open_body_no_help')}</p>
                    <div className="btn-row center">
                      <AlternativeLinks alternatives={noHelp} />
                    </div>
                  </>
                ) : (
                  <>
                    <p>{t(`portal.empty.${tab}_body`)}</p>
                    {tab === 'open' && (
                      <Link to="/requests/new" className="btn">
                        {t('portal.nav.new_request')}
                      </Link>
                    )}
                  </>
                )}
              </EmptyState>
            ) : (
              <ul className="request-list">
                {page.data.map((tk) => (
                  <li key={tk.id} className="request-card" data-testid="request-row">
                    <Link to={`/requests/${tk.number}`} className="request-link">
                      <span className="request-number">#{tk.number}</span>
                      <span className="request-subject">{tk.subject}</span>
                    </Link>
                    <div className="request-meta">
                      <StatusBadge status={tk.status} forCustomer />
                      <PriorityBadge priority={tk.priority} />
                      <span className="muted">
                        {t('portal.updated')} <Time value={tk.updated_at} relative />
                      </span>
                    </div>
                    {tab === 'open' && <SlaExpectation ticket={tk} compact forCustomer />}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
      </div>
    </main>
  );
}
