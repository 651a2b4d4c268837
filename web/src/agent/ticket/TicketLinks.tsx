import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import type { Status, Ticket } from '../../api/types.ts';
import { StatusBadge } from '../../components/Badges.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import './ticketActions.css';

type Kind = 'related' | 'parent' | 'child';
interface LinkRow {
  kind: Kind;
  ticket: { id: number; number: number; subject: string; status: Status };
}

/**
 * Linked tickets: the parent (one outage), its children (the reports it caused) and related ones.
 * Staff only — a link may name another customer's ticket.
 */
export function TicketLinks({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ['links', ticket.id];
  const links = useQuery({ queryKey: key, queryFn: () => api.get<{ data: LinkRow[] }>(`/tickets/${ticket.id}/links`) });
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<Kind>('related');
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: key }), qc.invalidateQueries({ queryKey: ['events', ticket.id] })]);
  const add = useMutation({
    mutationFn: async () => {
      const n = Number(number.replace(/^#/, '').trim());
      const found = await api.get<Page<Ticket>>('/tickets', { number: n });
      const other = found.data[0];
      if (!other) throw new Error(t('agent.links.not_found', { number: n }));
      return api.post(`/tickets/${ticket.id}/links`, { ticket_id: other.id, kind });
    },
    onSuccess: async () => {
      setNumber('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (otherId: number) => api.del(`/tickets/${ticket.id}/links/${otherId}`), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (/^#?\s*\d+$/.test(number.trim())) add.mutate();
  };
  const rows = links.data?.data ?? [];
  return (
    <section className="panel" aria-labelledby={`links-${ticket.id}`}>
      <h2 className="panel-title" id={`links-${ticket.id}`}>
        {t('agent.links.title')}
      </h2>
      {rows.length ? (
        <ul className="plain links-list" data-testid="ticket-links">
          {rows.map((l) => (
            <li key={l.ticket.id}>
              <span className="badge subtle">{t(`agent.links.kind.${l.kind}`)}</span>{' '}
              <Link to={`/agent/tickets/${l.ticket.number}`}>
                #{l.ticket.number} {l.ticket.subject}
              </Link>{' '}
              <StatusBadge status={l.ticket.status} />
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => remove.mutate(l.ticket.id)}
                aria-label={t('agent.links.remove', { number: l.ticket.number })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('agent.links.none')}</p>
      )}
      <form className="links-add" onSubmit={submit} aria-label={t('agent.links.add')}>
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label={t('agent.links.kind_label')}>
          {(['related', 'parent', 'child'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`agent.links.add_kind.${k}`)}
            </option>
          ))}
        </select>
        <input
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder="#1000"
          inputMode="numeric"
          aria-label={t('agent.links.number_label')}
        />
        <button type="submit" className="btn btn-sm" disabled={add.isPending || !/^#?\s*\d+$/.test(number.trim())}>
          {t('agent.links.add')}
        </button>
      </form>
      {add.isError && <ErrorBanner error={add.error} />}
      {remove.isError && <ErrorBanner error={remove.error} />}
    </section>
  );
}
