import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useMe } from '../../api/session.ts';
import { PRIORITIES, STATUSES, type Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { staffOptionLabel, useGroups, useStaff } from './useStaff.ts';
import { priorityLabel } from '../../components/priority.ts';

/** Status, priority, assignee, group and tags; each change is saved at once. */
export function TicketProperties({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe().data;
  const staff = useStaff().data ?? [];
  const groups = useGroups().data ?? [];
  const [tag, setTag] = useState('');
  const save = useMutation({
    mutationFn: (patch: Record<string, unknown>) => api.patch<Ticket>(`/tickets/${ticket.id}`, patch),
    onSuccess: (tk) => {
      qc.setQueryData(['ticket', ticket.id], tk);
      void qc.invalidateQueries({ queryKey: ['events', ticket.id] });
      void qc.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  const closed = ticket.status === 'closed';
  const num = (v: string) => (v === '' ? null : Number(v));

  return (
    <section className="panel" aria-labelledby="props-h">
      <h2 id="props-h" className="panel-title">
        {t('agent.properties')}
      </h2>
      {save.isError && <ErrorBanner error={save.error} />}
      <div className="props-grid">
        <Field label={t('ticket.status')}>
          {(p) => (
            <select
              {...p}
              value={ticket.status}
              disabled={closed || save.isPending}
              onChange={(e) => save.mutate({ status: e.target.value })}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s} disabled={s === 'new' && ticket.status !== 'new'}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('ticket.priority')}>
          {(p) => (
            <select
              {...p}
              value={ticket.priority}
              disabled={closed || save.isPending}
              onChange={(e) => save.mutate({ priority: e.target.value })}
            >
              {PRIORITIES.map((x) => (
                <option key={x} value={x}>
                  {priorityLabel(t, x)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('ticket.assignee')}>
          {(p) => (
            <select
              {...p}
              value={ticket.assignee_id ?? ''}
              disabled={closed || save.isPending}
              onChange={(e) => save.mutate({ assignee_id: num(e.target.value) })}
            >
              <option value="">{t('agent.unassigned')}</option>
              {ticket.assignee && !staff.some((s) => s.id === ticket.assignee_id) && (
                <option value={ticket.assignee.id}>{ticket.assignee.name}</option>
              )}
              {staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {staffOptionLabel(t, s)}
                  {s.id === me?.id ? ` (${t('agent.me')})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('ticket.group')}>
          {(p) => (
            <select
              {...p}
              value={ticket.group_id ?? ''}
              disabled={closed || save.isPending}
              onChange={(e) => save.mutate({ group_id: num(e.target.value) })}
            >
              <option value="">{t('agent.no_group')}</option>
              {/* A closed ticket keeps a group deleted since: named, though no longer offered. */}
              {ticket.group && !groups.some((g) => g.id === ticket.group_id) && (
                <option value={ticket.group.id}>{ticket.group.name}</option>
              )}
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="field">
        <span className="label-like" id="tags-h">
          {t('ticket.tags')}
        </span>
        <ul className="chips" aria-labelledby="tags-h">
          {ticket.tags.map((x) => (
            <li key={x} className="chip">
              {x}
              <button
                type="button"
                className="chip-x"
                disabled={closed}
                aria-label={t('agent.remove_tag', { tag: x })}
                onClick={() => save.mutate({ remove_tags: [x] })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (tag.trim()) {
              save.mutate({ add_tags: [tag.trim()] });
              setTag('');
            }
          }}
        >
          <input
            aria-label={t('agent.add_tag')}
            placeholder={t('agent.add_tag')}
            value={tag}
            disabled={closed}
            onChange={(e) => setTag(e.target.value)}
          />
        </form>
      </div>
    </section>
  );
}
