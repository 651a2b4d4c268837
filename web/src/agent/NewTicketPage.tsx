import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import { PRIORITIES, type Person, type Priority, type Ticket } from '../api/types.ts';
import { useTicketFields } from '../api/ticketFields.ts';
import { usePlanNames, useTicketForm } from '../api/plans.ts';
import { CustomFieldInput } from '../components/CustomFieldInput.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { PersonMatches, usePersonSearch } from '../components/PersonMatches.tsx';
import { LanguageOptions } from '../components/LanguageOptions.tsx';
import { tightenHan, type Lang } from '../i18n/index.ts';
import { VerifyRequester } from './ticket/VerifyRequester.tsx';
import './ticket/ticketActions.css';
import { priorityLabel } from '../components/priority.ts';

/** Channels an agent logs a conversation from. Customers never choose a channel; staff may. */
const CHANNELS = ['phone', 'emergency_phone', 'email', 'chat', 'web'] as const;
type Channel = (typeof CHANNELS)[number];

/**
 * /agent/new — open a ticket for someone: a caller on the phone (or the emergency line), a mail
 * forwarded by hand. Choose or create the requester, write the call's notes as the first message,
 * then verify the caller by their support code right here (the emergency line verifies first).
 */
export function NewTicketPage() {
  const { t } = useTranslation();
  usePageTitle(t('agent.new_ticket.title'));
  const [created, setCreated] = useState<Ticket | null>(null);
  return (
    <main className="new-ticket" id="main">
      <h1>{t('agent.new_ticket.title')}</h1>
      {created ? <Created ticket={created} onAnother={() => setCreated(null)} /> : <NewTicketForm onCreated={setCreated} />}
    </main>
  );
}

function NewTicketForm({ onCreated }: { onCreated: (t: Ticket) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [who, setWho] = useState('');
  const [person, setPerson] = useState<Person | null>(null);
  const [newPerson, setNewPerson] = useState(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  // A new requester's language: guessed from the ticket's text unless the agent says (docs/people.md).
  const [language, setLanguage] = useState<'' | Lang>('');
  const [channel, setChannel] = useState<Channel>('phone');
  const [priority, setPriority] = useState<Priority>('P3');
  const [subject, setSubject] = useState('');
  const [notes, setNotes] = useState('');
  const [override, setOverride] = useState(false);
  // The kind of request, as the customer's guided form asks it; none by default. The plan may cover only
  // some kinds (Free: billing, account, 2FA and abuse), so a category can spare the override.
  const [category, setCategory] = useState('');
  // What the requester's plan covers (GET /ticket-form, their organization's plan); a new person's
  // plan is known only once the desk matches their address, so theirs is not described.
  const form = useTicketForm(person?.organization_id).data;
  const planName = usePlanNames();
  const categories = form ? [...form.categories.map((c) => c.key), ...form.not_included] : [];
  const categoryName = (c: string) => t(`category.${c}.name`, { defaultValue: c });
  // Custom fields every ticket asks for, and those of the chosen category (docs/custom-fields.md).
  const [custom, setCustom] = useState<Record<string, unknown>>({});
  const fields = (useTicketFields().data?.data ?? []).filter(
    (f) => f.active && (f.categories.length === 0 || (!!category && f.categories.includes(category))),
  );
  const customValues = Object.fromEntries(
    fields.filter((f) => custom[f.key] !== undefined && custom[f.key] !== null).map((f) => [f.key, custom[f.key]]),
  );
  const matches = usePersonSearch(who, !person && !newPerson);
  const create = useMutation({
    mutationFn: () =>
      api.post<Ticket>('/tickets', {
        subject: subject.trim(),
        body: notes,
        channel,
        priority,
        ...(category ? { category } : {}),
        ...(person
          ? { requester_id: person.id }
          : {
              requester_email: email.trim(),
              requester_name: name.trim() || undefined,
              ...(language ? { requester_locale: language } : {}),
            }),
        ...(override ? { override_entitlement: true } : {}),
        ...(Object.keys(customValues).length ? { custom_fields: customValues } : {}),
      }),
    onSuccess: async (tk) => {
      await qc.invalidateQueries({ queryKey: ['queue'] });
      onCreated(tk);
    },
  });
  const notEntitled = create.error instanceof ApiError && create.error.code === 'not_entitled';
  // The override names what the plan does not cover: the channel, the chosen kind of request (or that
  // none is chosen while the plan covers only some), or help from a person at all.
  const refusedFor = notEntitled ? ((create.error as ApiError).details as { reason?: string } | undefined)?.reason : undefined;
  const overrideText =
    refusedFor === 'category_not_included'
      ? category
        ? t('agent.new_ticket.override_category', { category: categoryName(category) })
        : t('agent.new_ticket.override_no_category')
      : refusedFor === 'no_human_support'
        ? t('agent.new_ticket.override_no_human')
        : t('agent.new_ticket.override');
  // A refusal answers the requester, channel and category it was given: another choice clears it and its override.
  const changed = () => {
    setOverride(false);
    create.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const ready =
    subject.trim() &&
    notes.trim() &&
    (person || (newPerson && email.includes('@'))) &&
    fields.every((f) => !f.required || f.key in customValues);
  return (
    <form onSubmit={submit} className="stack" aria-label={t('agent.new_ticket.title')}>
      <fieldset className="panel">
        <legend className="panel-title">{t('agent.new_ticket.requester')}</legend>
        {person ? (
          <p data-testid="chosen-requester">
            <strong>{person.name}</strong> <span className="muted">{person.email}</span>{' '}
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => {
                setPerson(null);
                setWho('');
                changed();
              }}
            >
              {t('agent.new_ticket.change')}
            </button>
          </p>
        ) : newPerson ? (
          <div className="grid-2">
            <Field label={t('agent.new_ticket.email')}>
              {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label={t('agent.new_ticket.name')} hint={t('agent.new_ticket.name_hint')}>
              {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
            </Field>
            <Field label={t('agent.new_ticket.language')} hint={t('agent.new_ticket.language_hint')}>
              {(p) => (
                <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as '' | Lang)}>
                  <option value="">{t('agent.new_ticket.language_auto')}</option>
                  <LanguageOptions />
                </select>
              )}
            </Field>
            <p>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setNewPerson(false)}>
                {t('agent.new_ticket.find_existing')}
              </button>
            </p>
          </div>
        ) : (
          <>
            <Field label={t('agent.new_ticket.find')} hint={t('agent.new_ticket.find_hint')}>
              {(p) => <input {...p} type="search" value={who} onChange={(e) => setWho(e.target.value)} autoFocus autoComplete="off" />}
            </Field>
            {matches.data && (
              <PersonMatches
                people={matches.data.data}
                label={t('agent.new_ticket.matches')}
                nobody={t('agent.new_ticket.nobody', { text: who.trim() })}
                onPick={(p) => {
                  setPerson(p);
                  changed();
                }}
              />
            )}
            <p>
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => {
                  setNewPerson(true);
                  if (who.includes('@')) setEmail(who.trim());
                  else setName(who.trim());
                }}
              >
                {t('agent.new_ticket.create_person')}
              </button>
            </p>
          </>
        )}
      </fieldset>
      <div className="grid-2">
        <Field label={t('agent.new_ticket.channel')}>
          {(p) => (
            <select
              {...p}
              value={channel}
              onChange={(e) => {
                setChannel(e.target.value as Channel);
                changed();
              }}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`agent.new_ticket.channels.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('ticket.priority')}>
          {(p) => (
            <select {...p} value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              {PRIORITIES.map((x) => (
                <option key={x} value={x}>
                  {priorityLabel(t, x)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label={t('agent.new_ticket.category')}
        hint={
          person && form && form.not_included.length > 0
            ? tightenHan(
                t('agent.new_ticket.category_plan', {
                  plan: planName(form.plan)?.name ?? '',
                  categories: form.categories.map((c) => categoryName(c.key)).join(t('new.category.separator')),
                }),
              )
            : undefined
        }
      >
        {(p) => (
          <select
            {...p}
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              changed();
            }}
          >
            <option value="">{t('agent.new_ticket.no_category')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {categoryName(c)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('agent.new_ticket.subject')}>
        {(p) => <input {...p} required maxLength={300} value={subject} onChange={(e) => setSubject(e.target.value)} />}
      </Field>
      <Field label={t('agent.new_ticket.notes')} hint={t('agent.new_ticket.notes_hint')}>
        {(p) => <textarea {...p} required value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
      {fields.map((f) => (
        <CustomFieldInput key={f.key} field={f} value={custom[f.key]} onChange={(v) => setCustom((x) => ({ ...x, [f.key]: v }))} />
      ))}
      {notEntitled && (
        <label className="check">
          <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> {overrideText}
        </label>
      )}
      {create.isError && <ErrorBanner error={create.error} />}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={!ready || create.isPending}>
          {t('agent.new_ticket.submit')}
        </button>
      </div>
    </form>
  );
}

/** The ticket exists: verify the caller now (their support code), then open it. */
function Created({ ticket, onAnother }: { ticket: Ticket; onAnother: () => void }) {
  const { t } = useTranslation();
  const tk = useQuery({ queryKey: ['ticket', ticket.id], queryFn: () => api.get<Ticket>(`/tickets/${ticket.id}`), initialData: ticket });
  return (
    <div className="stack">
      <div className="notice" role="status" data-testid="ticket-created">
        <strong>{t('agent.new_ticket.created', { number: ticket.number })}</strong>{' '}
        {ticket.channel === 'emergency_phone' ? t('agent.new_ticket.verify_first') : t('agent.new_ticket.verify_now')}
      </div>
      <VerifyRequester ticket={tk.data} />
      <div className="btn-row">
        <Link className="btn btn-primary" to={`/agent/tickets/${ticket.number}`}>
          {t('agent.new_ticket.open', { number: ticket.number })}
        </Link>
        <button type="button" className="btn btn-ghost" onClick={onAnother}>
          {t('agent.new_ticket.another')}
        </button>
      </div>
    </div>
  );
}
