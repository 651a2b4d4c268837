import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import { usePlanNames, useServices } from '../../api/plans.ts';
import type { Asset, Organization, Ticket } from '../../api/types.ts';
import { KindBadge, PlanBadge, StatusBadge } from '../../components/Badges.tsx';
import { SlaExpectation } from '../../components/SlaExpectation.tsx';
import { slaPolicyName } from '../../components/sla.ts';
import { WillNotDo } from '../../components/WillNotDo.tsx';
import { IncidentCharge } from '../../components/IncidentCharge.tsx';
import { TicketFields } from '../../components/TicketFields.tsx';
import { CustomFieldsPanel } from './CustomFieldsPanel.tsx';
import { DiagnosticsPanel } from './DiagnosticsPanel.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';
import { TicketLinks } from './TicketLinks.tsx';
import { StatusIncidentLink } from './StatusIncidentLink.tsx';
import { VerifyRequester } from './VerifyRequester.tsx';
import { SatisfactionBadge } from './SatisfactionBadge.tsx';

/** Who asked, for which organization, on what plan, about what — and what else they have open. */
export function SidePanel({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const planName = usePlanNames();
  const orgId = ticket.organization_id;
  const org = useQuery({
    queryKey: ['organization', orgId],
    enabled: !!orgId,
    queryFn: () => api.get<Organization>(`/organizations/${orgId}`),
  });
  const assets = useQuery({
    queryKey: ['assets', orgId],
    enabled: !!orgId,
    queryFn: () => api.get<Page<Asset>>(`/organizations/${orgId}/assets`, { limit: 50 }),
  });
  const others = useQuery({
    queryKey: ['tickets', 'requester', ticket.requester_id],
    queryFn: () => api.get<Page<Ticket>>('/tickets', { requester_id: ticket.requester_id, limit: 8, sort: '-updated_at' }),
  });
  const other = (others.data?.data ?? []).filter((x) => x.id !== ticket.id);
  // Paid incidents are shown where the desk sells them (a service counting as one) or the organization has some left.
  const services = useServices();
  const incidentsOffered = !!services.data?.data.some((s) => s.active && s.counts_as_incident);
  return (
    <aside className="side" aria-label={t('agent.context')}>
      <section className="panel">
        <h2 className="panel-title">{t('agent.requester')}</h2>
        <div className="person">
          <span className="avatar" aria-hidden="true">
            {(ticket.requester.name ?? '?').slice(0, 1)}
          </span>
          <div>
            <Link to={`/agent/people/${ticket.requester_id}`} data-testid="requester-link">
              <strong>{ticket.requester.name}</strong>
            </Link>
            <div className="muted">{ticket.requester.email}</div>
          </div>
        </div>
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('agent.organization')}</h2>
        {ticket.organization ? (
          <>
            <div>
              <Link to={`/agent/organizations/${ticket.organization_id}`} data-testid="organization-link">
                <strong>{ticket.organization.name}</strong>
              </Link>
            </div>
            <div className="row-gap">
              <PlanBadge plan={planName(org.data?.plan ?? ticket.plan)} />{' '}
              {org.data?.addons?.map((a) => (
                <span key={a} className="badge subtle">
                  {t(`addon_label.${a}`, { defaultValue: a })}
                </span>
              ))}
            </div>
            {org.data?.notes && <p className="muted small">{org.data.notes}</p>}
          </>
        ) : (
          <p className="muted">{t('agent.no_organization')}</p>
        )}
      </section>
      <SatisfactionBadge ticket={ticket} />
      <VerifyRequester ticket={ticket} />
      <CustomFieldsPanel ticket={ticket} />
      <TicketFields ticket={ticket} custom={false} />
      <DiagnosticsPanel ticket={ticket} />
      <TicketLinks ticket={ticket} />
      <StatusIncidentLink ticket={ticket} />
      {orgId && (incidentsOffered || (org.data?.incident_balance ?? 0) > 0) && <IncidentPanel ticket={ticket} org={org.data} />}
      <IncidentCharge ticket={ticket} />
      <WillNotDo planId={org.data?.plan_id ?? ticket.plan_id} />
      <section className="panel">
        <h2 className="panel-title">{t('agent.sla')}</h2>
        <div className="row-gap">
          <KindBadge kind={ticket.sla?.kind} /> <span>{slaPolicyName(ticket, i18n.language) ?? t('sla.no_policy')}</span>
        </div>
        <SlaExpectation ticket={ticket} compact hideKind />
      </section>
      {orgId && (
        <section className="panel">
          <h2 className="panel-title">{t('agent.assets')}</h2>
          {assets.data?.data.length ? (
            <ul className="plain">
              {assets.data.data.map((a) => (
                <li key={a.id} className={a.id === ticket.asset_id ? 'strong' : ''}>
                  <span className="mono">{a.name}</span>
                  {a.id === ticket.asset_id && <span className="badge subtle">{t('agent.this_ticket')}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('agent.no_assets')}</p>
          )}
        </section>
      )}
      <section className="panel">
        <h2 className="panel-title">{t('agent.other_tickets')}</h2>
        {other.length ? (
          <ul className="plain">
            {other.map((x) => (
              <li key={x.id}>
                <Link to={`/agent/tickets/${x.number}`}>
                  #{x.number} {x.subject}
                </Link>{' '}
                <StatusBadge status={x.status} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('agent.no_other_tickets')}</p>
        )}
      </section>
    </aside>
  );
}
