import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, withQuery, type Page } from '../api/client.ts';
import type { ApiResponse, Item, Person } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { PersonMatches, usePersonSearch } from '../components/PersonMatches.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Time } from '../components/Time.tsx';

type AuditEntry = Item<ApiResponse<'/api/v1/audit-log', 'get'>>;

/** The event groups an admin filters by; each is a list of the server's audit types (server/modules/security/audit.ts). */
export const AUDIT_GROUPS: Record<string, string[]> = {
  signin: [
    'auth.login',
    'auth.login_failed',
    'auth.login_throttled',
    'auth.logout',
    'auth.signup',
    'auth.signup_existing',
    'auth.email_verified',
    'auth.password_changed',
  ],
  sessions: ['session.revoked', 'session.revoked_all', 'token.created', 'token.revoked'],
  two_factor: [
    'two_factor.enrolment_started',
    'two_factor.enabled',
    'two_factor.disabled',
    'two_factor.reset',
    'two_factor.recovery_code_used',
    'two_factor.recovery_codes_regenerated',
    'two_factor.code_rejected',
    'support_app.enrolment_started',
    'support_app.enabled',
    'support_app.removed',
  ],
  verification: ['verification.succeeded', 'verification.failed', 'verification.locked', 'verification.refused_locked'],
  people: [
    'person.created',
    'person.role_changed',
    'person.deactivated',
    'person.reactivated',
    'person.ticket_access_changed',
    'person.groups_changed',
    'person.invitation_sent',
    'person.password_reset_sent',
    'person.unlocked',
    'person.merged',
  ],
  settings: [
    'security.settings_changed',
    'email.settings_changed',
    'mailbox.created',
    'mailbox.changed',
    'mailbox.deleted',
    'webhook.created',
    'webhook.changed',
    'webhook.deleted',
    'group.deleted',
  ],
  failures: [
    'auth.login_failed',
    'auth.login_throttled',
    'two_factor.code_rejected',
    'verification.failed',
    'verification.locked',
    'verification.refused_locked',
  ],
};
const FAILURES = new Set(AUDIT_GROUPS.failures);

/** A date input's day (local) as the instant it starts; `next` gives the following day's start (an inclusive "to"). */
function dayStart(day: string, next = false): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (next ? 1 : 0)).toISOString();
}

/** An entry's facts in the reader's words: known keys and values translated, the rest (addresses, ids, names) as written. */
function Details({ data }: { data: unknown }) {
  const { t } = useTranslation();
  if (!data || typeof data !== 'object') return null;
  const entries = Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return null;
  const value = (v: unknown): string => {
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    if (Array.isArray(v)) return v.map(value).join(', ');
    if (typeof v === 'string' && /^[a-z_+]+$/.test(v)) return t(`admin.audit.value.${v}`, { defaultValue: v });
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return (
    <ul className="plain audit-data">
      {entries.map(([k, v]) => (
        <li key={k}>
          <span className="muted">{t('admin.audit.pair', { key: t(`admin.audit.key.${k}`, { defaultValue: k }) })}</span>
          <span className="audit-value">{value(v)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Finds a person by name or address (customers and staff) to show only the entries about or by them. */
function PersonFinder({ onPick }: { onPick: (p: Person) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = text.trim();
  const matches = usePersonSearch(q);
  return (
    <div className="audit-person-finder">
      <Field label={t('admin.audit.find_person')}>
        {(p) => (
          <input
            {...p}
            type="search"
            value={text}
            placeholder={t('admin.audit.find_person_hint')}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
          />
        )}
      </Field>
      {q.length >= 2 && matches.data && (
        <PersonMatches
          people={matches.data.data}
          label={t('admin.audit.person_matches')}
          nobody={t('admin.audit.nobody_matches', { text: q })}
          onPick={onPick}
          small
        />
      )}
    </div>
  );
}

/** Admin › Audit log: sign-ins, account and security changes, newest first, filtered by event, person and days; exported as shown. */
export function AuditLog() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.audit'));
  const [params, setParams] = useSearchParams();
  const group = params.get('event') ?? '';
  const person = Number(params.get('person')) || undefined;
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const set = (k: string, v: string | undefined) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (v) n.set(k, v);
        else n.delete(k);
        return n;
      },
      { replace: true },
    );
  const from = dayStart(fromDay);
  const to = dayStart(toDay, true);
  const rangeWrong = from != null && to != null && to <= from;
  const filter = {
    type: AUDIT_GROUPS[group]?.join(','),
    person_id: person,
    from,
    to: rangeWrong ? undefined : to,
  };
  const pages = useInfiniteQuery({
    queryKey: ['audit-log', filter],
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit-log', { ...filter, limit: 50, cursor: pageParam || undefined }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const entries = pages.data?.pages.flatMap((p) => p.data) ?? [];
  const [chosen, setChosen] = useState<{ id: number; name: string } | null>(null);
  const personName = person
    ? ((chosen?.id === person ? chosen.name : null) ??
      entries.find((e) => e.person_id === person)?.person_name ??
      entries.find((e) => e.actor_id === person)?.actor_name ??
      t('admin.audit.unknown_person', { id: person }))
    : null;
  const who = (id: number | null, name: string | null | undefined) =>
    id == null ? (
      <span className="muted">{t('admin.audit.nobody')}</span>
    ) : (
      <Link
        to={withQuery('/admin/audit', { ...Object.fromEntries(params), person: id })}
        title={t('admin.audit.show_person', { name: name || `#${id}` })}
      >
        {name || t('admin.audit.unknown_person', { id })}
      </Link>
    );

  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.audit')}</h1>
      </div>
      <p className="muted">{t('admin.audit.desc')}</p>
      <div className="inline-form">
        <Field label={t('admin.audit.event')}>
          {(p) => (
            <select {...p} value={group} onChange={(e) => set('event', e.target.value || undefined)}>
              <option value="">{t('admin.audit.all')}</option>
              {Object.keys(AUDIT_GROUPS).map((g) => (
                <option key={g} value={g}>
                  {t(`admin.audit.group.${g}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!person && (
          <PersonFinder
            onPick={(p) => {
              setChosen({ id: p.id, name: p.name });
              set('person', String(p.id));
            }}
          />
        )}
        <Field label={t('admin.audit.from')}>
          {(p) => <input {...p} type="date" value={fromDay} onChange={(e) => set('from', e.target.value || undefined)} />}
        </Field>
        <Field label={t('admin.audit.to')} error={rangeWrong ? t('admin.audit.range_wrong') : undefined}>
          {(p) => <input {...p} type="date" value={toDay} onChange={(e) => set('to', e.target.value || undefined)} />}
        </Field>
      </div>
      {personName && (
        <p className="row-gap" data-testid="audit-person">
          <strong>{t('admin.audit.for_person', { name: personName })}</strong>{' '}
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => set('person', undefined)}>
            {t('admin.audit.clear_person')}
          </button>
        </p>
      )}
      <div className="btn-row">
        <a className="btn btn-sm btn-ghost" href={withQuery('/api/v1/audit-log/export', { ...filter, format: 'csv' })} download>
          {t('admin.audit.export_csv')}
        </a>
        <a className="btn btn-sm btn-ghost" href={withQuery('/api/v1/audit-log/export', { ...filter, format: 'jsonl' })} download>
          {t('admin.audit.export_jsonl')}
        </a>
      </div>
      <QueryView query={pages}>
        {() =>
          entries.length === 0 ? (
            <EmptyState title={t('admin.audit.empty')} />
          ) : (
            <div className="table-wrap">
              <table className="table audit-table">
                <thead>
                  <tr>
                    <th>{t('admin.audit.time')}</th>
                    <th>{t('admin.audit.event')}</th>
                    <th>{t('admin.audit.person')}</th>
                    <th>{t('admin.audit.actor')}</th>
                    <th>{t('admin.audit.details')}</th>
                    <th>{t('admin.audit.origin')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id} data-testid="audit-entry" data-type={e.type}>
                      <td className="nowrap">
                        <Time value={e.created_at} />
                      </td>
                      <td>
                        <span className={`badge${FAILURES.has(e.type) ? ' warn' : ''}`}>
                          {t(`admin.audit.type.${e.type}`, { defaultValue: e.type })}
                        </span>
                        {e.ticket_id != null && (
                          <>
                            {' '}
                            <Link to={`/agent/tickets/${e.ticket_id}`}>{t('admin.audit.ticket', { id: e.ticket_id })}</Link>
                          </>
                        )}
                      </td>
                      <td>{who(e.person_id, e.person_name)}</td>
                      <td>{who(e.actor_id, e.actor_name)}</td>
                      <td>
                        <Details data={e.data} />
                      </td>
                      <td className="audit-origin">
                        {e.token_id != null && (
                          <div data-testid="audit-token">{t('admin.audit.via_token', { name: e.token_name ?? `#${e.token_id}` })}</div>
                        )}
                        {e.ip && <div className="mono">{e.ip}</div>}
                        {e.user_agent && (
                          <div className="muted small ellipsis" title={e.user_agent}>
                            {e.user_agent}
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {pages.hasNextPage && (
        <div className="btn-row">
          <button type="button" className="btn" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {t('admin.audit.more')}
          </button>
        </div>
      )}
    </main>
  );
}
