import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Message, Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import './ticketActions.css';

/**
 * "Split": a customer raised a second problem in the same thread. The message is copied into a new
 * ticket (with its attachments) for the same customer; it stays here too, so nothing is lost.
 */
export function SplitButton({ ticket, message, count }: { ticket: Ticket; message: Message; count: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (message.internal || count < 2 || ticket.status === 'closed') return null;
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-sm msg-action"
        onClick={() => setOpen(true)}
        aria-label={t('agent.split.button_label', { name: message.author?.name ?? '' })}
      >
        {t('agent.split.button')}
      </button>
      {open && <SplitDialog ticket={ticket} message={message} onClose={() => setOpen(false)} />}
    </>
  );
}

function SplitDialog({ ticket, message, onClose }: { ticket: Ticket; message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const firstLine =
    message.body
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  const [subject, setSubject] = useState(firstLine.slice(0, 120));
  const split = useMutation({
    mutationFn: () => api.post<Ticket>(`/tickets/${ticket.id}/split`, { message_id: message.id, subject: subject.trim() || undefined }),
    onSuccess: async (created) => {
      await qc.invalidateQueries({ queryKey: ['queue'] });
      onClose();
      navigate(`/agent/tickets/${created.number}`);
    },
  });
  return (
    <Modal open onClose={onClose} title={t('agent.split.title', { number: ticket.number })}>
      <p className="muted">{t('agent.split.explain')}</p>
      <blockquote className="split-preview">
        {message.body.slice(0, 600)}
        {message.body.length > 600 ? '…' : ''}
      </blockquote>
      <Field label={t('agent.split.subject')}>
        {(p) => <input {...p} value={subject} maxLength={300} onChange={(e) => setSubject(e.target.value)} autoFocus />}
      </Field>
      {split.isError && <ErrorBanner error={split.error} />}
      <div className="btn-row">
        <button type="button" className="btn btn-primary" disabled={split.isPending} onClick={() => split.mutate()}>
          {t('agent.split.confirm')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('agent.merge.cancel')}
        </button>
      </div>
    </Modal>
  );
}
