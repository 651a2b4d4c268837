import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { TicketEvent } from '../../api/types.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Time } from '../../components/Time.tsx';
import { useGroups, useStaff } from './useStaff.ts';

const FIELDS = new Set(['status', 'priority', 'assignee_id', 'group_id', 'tags', 'subject', 'category', 'fields', 'asset_id']);

/** Who changed what, when — in words. */
export function EventHistory({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const staff = useStaff().data ?? [];
  const groups = useGroups().data ?? [];
  const q = useQuery({ queryKey: ['events', ticketId], queryFn: () => api.get<Page<TicketEvent>>(`/tickets/${ticketId}/events`, { limit: 200 }) });

  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('events.empty');
    if (field === 'status') return t(`status.${String(v)}`);
    if (field === 'assignee_id') return staff.find((s) => s.id === Number(v))?.name ?? `#${String(v)}`;
    if (field === 'group_id') return groups.find((g) => g.id === Number(v))?.name ?? `#${String(v)}`;
    if (Array.isArray(v)) return v.length ? v.join(', ') : t('events.empty');
    if (typeof v === 'object') return t('events.changed');
    return String(v);
  };
  const describe = (e: TicketEvent): string[] => {
    const d = e.data ?? {};
    if (e.type === 'ticket.created') return [t('events.created', { priority: String(d.priority ?? ''), channel: t(`channel.${String(d.channel ?? 'web')}`, { defaultValue: String(d.channel ?? '') }) })];
    if (e.type === 'message.added') {
      const lines = [d.internal ? t('events.note_added') : d.author_role === 'customer' ? t('events.customer_replied') : t('events.replied')];
      if (Array.isArray(d.status)) lines.push(t('events.change', { field: t('ticket.status'), from: value('status', d.status[0]), to: value('status', d.status[1]) }));
      return lines;
    }
    if (e.type === 'ticket.updated') {
      const changes = (d.changes ?? {}) as Record<string, [unknown, unknown]>;
      return Object.entries(changes).map(([k, [from, to]]) => {
        const field = FIELDS.has(k) ? t(`events.field.${k}`) : k;
        if (k === 'subject' || k === 'fields') return t('events.set', { field, to: k === 'fields' ? t('events.changed') : value(k, to) });
        return t('events.change', { field, from: value(k, from), to: value(k, to) });
      });
    }
    // People know tickets by number (#1006), never by the internal id; the API adds the numbers.
    if (e.type === 'ticket.merged') return [d.into ? t('events.merged_into', { number: String(d.into_number ?? '?') }) : t('events.merged_from', { number: String(d.from_number ?? '?') })];
    return [t('events.other', { type: e.type })];
  };

  return (
    <section className="panel" aria-labelledby="hist-h">
      <h2 id="hist-h" className="panel-title">{t('agent.history')}</h2>
      <QueryView query={q}>
        {(p) => (
          <ol className="history">
            {p.data.slice().reverse().map((e) => (
              <li key={e.id}>
                <div className="history-head"><strong>{e.actor?.name ?? t('ticket.system')}</strong> <span className="muted"><Time value={e.created_at} relative /></span></div>
                {describe(e).map((line, i) => <div key={i} className="history-line">{line}</div>)}
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}
