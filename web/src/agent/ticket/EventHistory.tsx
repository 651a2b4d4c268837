import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.ts';
import type { TicketEvent } from '../../api/types.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Time } from '../../components/Time.tsx';
import { useFormat } from '../../components/format.ts';
import { describeEvent } from './eventSentences.ts';
import { useGroups, useStaff } from './useStaff.ts';

/** Who changed what, when — in words. */
export function EventHistory({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const staff = useStaff().data ?? [];
  const groups = useGroups().data ?? [];
  const fmt = useFormat();
  const q = useQuery({
    queryKey: ['events', ticketId],
    queryFn: () => api.get<Page<TicketEvent>>(`/tickets/${ticketId}/events`, { limit: 200 }),
  });

  // Group changes carry their groups' names (a deleted group is not in the list of groups any more).
  const groupNames = new Map<number, string>();
  for (const e of q.data?.data ?? []) {
    const names = (e.data as { group_names?: Record<string, string> } | null)?.group_names;
    for (const [id, name] of Object.entries(names ?? {})) groupNames.set(Number(id), name);
  }
  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('events.empty');
    if (field === 'status') return t(`status.${String(v)}`);
    if (field === 'assignee_id') return staff.find((s) => s.id === Number(v))?.name ?? `#${String(v)}`;
    if (field === 'group_id') return groups.find((g) => g.id === Number(v))?.name ?? groupNames.get(Number(v)) ?? `#${String(v)}`;
    if (Array.isArray(v)) return v.length ? v.join(', ') : t('events.empty');
    if (typeof v === 'object') return t('events.changed');
    return String(v);
  };
  const describe = (e: TicketEvent): string[] => describeEvent(e, { t, value, dateTime: fmt.dateTime });

  return (
    <section className="panel" aria-labelledby="hist-h">
      <h2 id="hist-h" className="panel-title">
        {t('agent.history')}
      </h2>
      <QueryView query={q}>
        {(p) => (
          <ol className="history">
            {p.data
              .slice()
              .reverse()
              .map((e) => (
                <li key={e.id}>
                  <div className="history-head">
                    <strong>{e.actor?.name ?? t('ticket.system')}</strong>{' '}
                    <span className="muted">
                      <Time value={e.created_at} relative />
                    </span>
                  </div>
                  {describe(e).map((line, i) => (
                    <div key={i} className="history-line">
                      {line}
                    </div>
                  ))}
                </li>
              ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}
