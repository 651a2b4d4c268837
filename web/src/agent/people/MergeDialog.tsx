import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import type { Person } from '../../api/types.ts';
import { ErrorBanner, errorText } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import type { MergePreview, MergeResult } from './peopleApi.ts';
import '../ticket/ticketActions.css';

/**
 * "Merge into…": for a customer who is someone else too (a second address, a guest record). Pick the
 * person who stays, see what moves (the server's preview, with its refusal in words), confirm.
 */
export function MergeButton({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (person.role !== 'customer' || person.merged_into_id != null) return null;
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => setOpen(true)} data-testid="merge-person">
        {t('people.merge.button')}
      </button>
      {open && <MergeDialog person={person} onClose={() => setOpen(false)} />}
    </>
  );
}

function MergeDialog({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [target, setTarget] = useState<Person | null>(null);
  const q = text.trim();
  // Customers of the same organization first: a merge never crosses organizations (the preview says so if it would).
  const candidates = useQuery({
    queryKey: ['people', 'merge-pick', person.id, q],
    enabled: q.length > 0,
    queryFn: ({ signal }) =>
      api.get<Page<Person>>('/people', { q, role: 'customer', organization_id: person.organization_id ?? undefined, limit: 8 }, signal),
  });
  const list = (candidates.data?.data ?? []).filter((x) => x.id !== person.id);
  const preview = useQuery({
    queryKey: ['merge-preview', person.id, target?.id],
    enabled: !!target,
    retry: false,
    queryFn: () => api.get<MergePreview>(`/people/${person.id}/merge-preview`, { into_id: target!.id }),
  });
  const merge = useMutation({
    mutationFn: (into: Person) => api.post<MergeResult>(`/people/${person.id}/merge`, { into_id: into.id }),
    onSuccess: async (_r, into) => {
      await qc.invalidateQueries({ queryKey: ['person'] });
      await qc.invalidateQueries({ queryKey: ['tickets'] });
      onClose();
      navigate(`/agent/people/${into.id}`);
    },
  });
  const p = preview.data;
  return (
    <Modal open onClose={onClose} title={t('people.merge.title', { name: person.name })}>
      <p className="muted">{t('people.merge.intro', { name: person.name })}</p>
      <Field label={t('people.merge.target_label')} hint={t('people.merge.target_hint')}>
        {(f) => (
          <input
            {...f}
            type="search"
            autoFocus
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setTarget(null);
            }}
            placeholder={t('people.merge.target_placeholder')}
          />
        )}
      </Field>
      {q && candidates.isSuccess && !list.length && (
        <p className="muted" role="status">
          {t('people.merge.no_match', { text: q })}
        </p>
      )}
      {list.length > 0 && (
        <fieldset className="merge-candidates">
          <legend className="sr-only">{t('people.merge.candidates')}</legend>
          {list.map((x) => (
            <label key={x.id} className={`merge-candidate${target?.id === x.id ? ' selected' : ''}`}>
              <input type="radio" name="merge-person" checked={target?.id === x.id} onChange={() => setTarget(x)} />
              <strong>{x.name}</strong> <span className="muted small">{x.email}</span>
            </label>
          ))}
        </fieldset>
      )}
      {target && preview.isError && (
        <div className="notice notice-warn" role="alert" data-testid="merge-refusal">
          {errorText(preview.error, t)}
        </div>
      )}
      {target && p && (
        <div className="notice" role="note" data-testid="merge-preview">
          <p>
            <strong>{t('people.merge.preview_title', { from: p.person.name, into: p.into.name })}</strong>
          </p>
          <ul className="plain">
            <li>{t('people.merge.moves_tickets', { count: p.tickets })}</li>
            <li>
              {t('people.merge.moves_addresses', { count: p.addresses.length })}
              {p.addresses.length > 0 && (
                <ul className="plain merge-addresses">
                  {p.addresses.map((a) => (
                    <li key={a.email}>
                      <span className="mono">{a.email}</span>{' '}
                      <span className={`badge${a.verified ? ' ok' : ' warn'}`}>
                        {t(a.verified ? 'people.verified' : 'people.unverified')}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
            {p.addresses.some((a) => !a.verified) && <li>{t('people.merge.link_mailed', { into: p.into.name })}</li>}
            {p.sessions > 0 && <li>{t('people.merge.ends_sessions', { count: p.sessions })}</li>}
            <li>{t('people.merge.tombstone', { from: p.person.name, into: p.into.name })}</li>
          </ul>
        </div>
      )}
      {merge.isError && <ErrorBanner error={merge.error} />}
      <div className="btn-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!target || !p || merge.isPending}
          onClick={() => target && merge.mutate(target)}
          data-testid="merge-confirm"
        >
          {target ? t('people.merge.confirm', { into: target.name }) : t('people.merge.button')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('people.cancel')}
        </button>
      </div>
    </Modal>
  );
}
