import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Time } from '../../components/Time.tsx';
import { snoozePresets, toLocalInput } from './snooze.ts';
import './ticketActions.css';

type Snoozable = Ticket & { snoozed_until?: string | null };

/** "Snooze": on hold until a time, then back in the queue by itself; or end a snooze now. */
export function SnoozeButton({ ticket }: { ticket: Snoozable }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const snooze = useMutation({
    mutationFn: (until: Date | null) => api.post<Ticket>(`/tickets/${ticket.id}/snooze`, { until: until ? until.toISOString() : null }),
    onSuccess: async () => {
      setOpen(false);
      await Promise.all(
        ['ticket', 'events']
          .map((k) => qc.invalidateQueries({ queryKey: [k, ticket.id] }))
          .concat(qc.invalidateQueries({ queryKey: ['queue'] })),
      );
    },
  });
  if (ticket.status === 'solved' || ticket.status === 'closed') return null;
  if (ticket.snoozed_until) {
    return (
      <span className="snoozed" data-testid="snoozed">
        <span className="badge subtle">
          {t('agent.snooze.until')} <Time value={ticket.snoozed_until} />
        </span>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => snooze.mutate(null)}>
          {t('agent.snooze.end')}
        </button>
      </span>
    );
  }
  const presets = snoozePresets(new Date());
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => setOpen(true)}>
        {t('agent.snooze.button')}
      </button>
      {open && (
        <Modal open onClose={() => setOpen(false)} title={t('agent.snooze.title', { number: ticket.number })}>
          <p className="muted">{t('agent.snooze.explain')}</p>
          <div className="snooze-presets">
            {presets.map((p) => (
              <button key={p.key} type="button" className="btn" onClick={() => snooze.mutate(p.at)}>
                {t(`agent.snooze.preset.${p.key}`)}{' '}
                <span className="muted small">
                  <Time value={p.at.toISOString()} />
                </span>
              </button>
            ))}
          </div>
          <Field label={t('agent.snooze.custom')}>
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                value={custom}
                min={toLocalInput(new Date())}
                onChange={(e) => setCustom(e.target.value)}
              />
            )}
          </Field>
          {snooze.isError && <ErrorBanner error={snooze.error} />}
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!custom || snooze.isPending}
              onClick={() => snooze.mutate(new Date(custom))}
            >
              {t('agent.snooze.confirm')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>
              {t('agent.merge.cancel')}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
