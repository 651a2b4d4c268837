import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import type { Message, Ticket } from '../../api/types.ts';
import { StatusBadge } from '../../components/Badges.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { mergeCandidatesQuery, mergeRefusal, mergeReopensTarget } from './merge.ts';
import './ticketActions.css';

/**
 * "Merge": pick the ticket this one continues in (by number or words), see what moves, confirm.
 * The conversation moves to the target; this ticket closes and points to it.
 */
export function MergeButton({ ticket, messages }: { ticket: Ticket; messages: Message[] | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (ticket.merged_into_number != null || ticket.status === 'closed') return null;
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => setOpen(true)}>
        {t('agent.merge.button')}
      </button>
      {open && <MergeDialog ticket={ticket} messages={messages} onClose={() => setOpen(false)} />}
    </>
  );
}

function MergeDialog({ ticket, messages, onClose }: { ticket: Ticket; messages: Message[] | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [target, setTarget] = useState<Ticket | null>(null);
  const query = mergeCandidatesQuery(text);
  const candidates = useQuery({
    queryKey: ['merge-candidates', ticket.id, query],
    enabled: query != null,
    queryFn: () => api.get<Page<Ticket>>('/tickets', { ...query!, limit: 8 }),
  });
  const list = (candidates.data?.data ?? []).filter((x) => x.id !== ticket.id);
  const merge = useMutation({
    mutationFn: (to: Ticket) => api.post<Ticket>(`/tickets/${ticket.id}/merge`, { target_id: to.id }),
    onSuccess: async (_r, to) => {
      await qc.invalidateQueries({ queryKey: ['queue'] });
      onClose();
      navigate(`/agent/tickets/${to.number}`);
    },
  });
  const publicCount = (messages ?? []).filter((m) => !m.internal).length;
  const noteCount = (messages ?? []).filter((m) => m.internal).length;
  const refusal = target ? mergeRefusal(ticket, target) : null;
  return (
    <Modal open onClose={onClose} title={t('agent.merge.title', { number: ticket.number })}>
      <Field label={t('agent.merge.target_label')} hint={t('agent.merge.target_hint')}>
        {(p) => (
          <input
            {...p}
            type="search"
            autoFocus
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setTarget(null);
            }}
            placeholder={t('agent.merge.target_placeholder')}
          />
        )}
      </Field>
      {query && candidates.isSuccess && !list.length && (
        <p className="muted" role="status">
          {candidates.data.data.some((x) => x.id === ticket.id)
            ? t('agent.merge.self', { number: ticket.number })
            : t('agent.merge.no_match', { text: text.trim() })}
        </p>
      )}
      {list.length > 0 && (
        <fieldset className="merge-candidates">
          <legend className="sr-only">{t('agent.merge.candidates')}</legend>
          {list.map((x) => (
            <label key={x.id} className={`merge-candidate${target?.id === x.id ? ' selected' : ''}`}>
              <input type="radio" name="merge-target" checked={target?.id === x.id} onChange={() => setTarget(x)} />
              <span className="muted">#{x.number}</span> <span>{x.subject}</span> <StatusBadge status={x.status} />
              <span className="muted small">
                {' '}
                {x.requester.name}
                {x.organization ? ` · ${x.organization.name}` : ''}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {target && (
        <div className="notice" role="note" data-testid="merge-preview">
          {refusal ? (
            <p>{t(`agent.merge.refusal.${refusal}`, { source: ticket.number, target: target.number })}</p>
          ) : (
            <>
              <p>
                <strong>{t('agent.merge.preview_title', { source: ticket.number, target: target.number })}</strong>
              </p>
              <ul className="plain">
                <li>{t('agent.merge.moves_messages', { count: publicCount })}</li>
                {noteCount > 0 && <li>{t('agent.merge.moves_notes', { count: noteCount })}</li>}
                {ticket.tags.length > 0 && <li>{t('agent.merge.moves_tags', { tags: ticket.tags.join(', ') })}</li>}
                <li>{t('agent.merge.source_closes', { source: ticket.number, target: target.number })}</li>
                {mergeReopensTarget(ticket, target) && (
                  <li data-testid="merge-reopens">{t('agent.merge.target_reopens', { source: ticket.number, target: target.number })}</li>
                )}
              </ul>
            </>
          )}
        </div>
      )}
      {merge.isError && <ErrorBanner error={merge.error} />}
      <div className="btn-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!target || !!refusal || merge.isPending}
          onClick={() => target && merge.mutate(target)}
        >
          {target ? t('agent.merge.confirm', { target: target.number }) : t('agent.merge.button')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('agent.merge.cancel')}
        </button>
      </div>
    </Modal>
  );
}
