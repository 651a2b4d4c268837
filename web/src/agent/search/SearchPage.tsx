import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Page } from '../../api/client.ts';
import { planDisplayName } from '../../api/plans.ts';
import { PRIORITIES, STATUSES } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Skeleton } from '../../components/Loading.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { useGroups, useStaff } from '../ticket/useStaff.ts';
import { SearchResultRow } from './SearchResultRow.tsx';
import { apiQuery, FILTER_KEYS, hasFilters, listOf, type FilterKey } from './searchParams.ts';
import { searchable, useSearchPages } from './searchApi.ts';
import './search.css';
import { priorityLabel } from '../../components/priority.ts';

const CHANNELS = ['web', 'email', 'api', 'chat', 'phone', 'emergency_phone'] as const;

/**
 * /agent/search: every ticket matching the query and the filters, newest first, "Load more" for
 * the next page. All state is in the URL, so a search can be shared or bookmarked (docs/search.md).
 */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => {
    setDraft(q);
  }, [q]);
  const title = q ? t('search.results_for', { q }) : t('search.title');
  usePageTitle(title);

  const query = apiQuery(params);
  const runnable = (!q || searchable(q)) && (!!q || hasFilters(params));
  const pages = useSearchPages(query);
  const first = pages.data?.pages[0];
  const tickets = pages.data?.pages.flatMap((p) => p.tickets.data) ?? [];

  const set = (k: FilterKey | 'q', v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: k !== 'q' });
  };
  const toggle = (k: FilterKey, v: string) => {
    const cur = listOf(params.get(k));
    set(k, (cur.includes(v) ? cur.filter((x) => x !== v) : [...cur, v]).join(','));
  };
  const clearFilters = () => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    setParams(next);
  };

  return (
    <main className="queue search-page" id="main">
      <div className="page-head">
        <h1>{title}</h1>
        {pages.data && runnable && (
          <span className="count" data-testid="search-count">
            {tickets.length}
            {pages.hasNextPage ? '+' : ''}
          </span>
        )}
      </div>
      <form
        role="search"
        className="sp-form"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', draft.trim() || null);
        }}
      >
        <label className="sr-only" htmlFor="sp-q">
          {t('search.label')}
        </label>
        <input
          id="sp-q"
          type="search"
          value={draft}
          maxLength={200}
          placeholder={t('search.placeholder')}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="btn btn-primary">
          {t('common.search')}
        </button>
      </form>
      <Filters params={params} set={set} toggle={toggle} clear={clearFilters} />
      {first && (first.people.length > 0 || first.organizations.length > 0) && (
        <div className="sp-also">
          {first.people.length > 0 && (
            <section aria-label={t('search.people')}>
              <h2>{t('search.people')}</h2>
              <ul className="chips">
                {first.people.map((p) => (
                  <li key={p.id}>
                    <Link className="chip sp-chip" to={`/agent/people/${p.id}`}>
                      {p.name}
                      {p.email && <span className="muted"> {p.email}</span>}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {first.organizations.length > 0 && (
            <section aria-label={t('search.organizations')}>
              <h2>{t('search.organizations')}</h2>
              <ul className="chips">
                {first.organizations.map((o) => (
                  <li key={o.id}>
                    <Link className="chip sp-chip" to={`/agent/organizations/${o.id}`}>
                      {o.name}
                      {o.plan?.name && <span className="muted"> {planDisplayName({ name: o.plan.name }, i18n.language)}</span>}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
      {!runnable ? (
        <EmptyState icon="question" title={q ? t('search.type_more') : t('search.start_title')}>
          <p>{t('search.start_body')}</p>
        </EmptyState>
      ) : pages.isPending ? (
        <Skeleton rows={5} height={72} />
      ) : pages.isError && !pages.data ? (
        <ErrorBanner error={pages.error} onRetry={() => void pages.refetch()} title={t('search.failed')} />
      ) : tickets.length === 0 ? (
        <EmptyState icon="question" title={q ? t('search.empty', { q }) : t('search.empty_filters')}>
          <p>{hasFilters(params) ? t('search.empty_hint_filters') : t('search.empty_hint')}</p>
          {hasFilters(params) && (
            <button type="button" className="btn" onClick={clearFilters}>
              {t('search.clear_filters')}
            </button>
          )}
        </EmptyState>
      ) : (
        <>
          <ol className="queue-list sp-list" aria-label={title}>
            {tickets.map((tk) => (
              <SearchResultRow key={tk.id} ticket={tk} query={q} />
            ))}
          </ol>
          {pages.isFetchNextPageError && <ErrorBanner error={pages.error} onRetry={() => void pages.fetchNextPage()} />}
          {pages.hasNextPage && (
            <div className="btn-row center">
              <button type="button" className="btn" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                {pages.isFetchingNextPage ? t('common.loading') : t('search.load_more')}
              </button>
            </div>
          )}
        </>
      )}
    </main>
  );
}

function Filters({
  params,
  set,
  toggle,
  clear,
}: {
  params: URLSearchParams;
  set: (k: FilterKey, v: string | null) => void;
  toggle: (k: FilterKey, v: string) => void;
  clear: () => void;
}) {
  const { t, i18n } = useTranslation();
  const staff = useStaff().data ?? [];
  const groups = useGroups().data ?? [];
  const plans =
    useQuery({
      queryKey: ['plan-names'],
      staleTime: 5 * 60_000,
      queryFn: () => api.get<Page<{ id: number; name: string; settings?: Record<string, unknown> }>>('/plans'),
    }).data?.data ?? [];
  const person = usePersonName(params.get('requester_id'));
  const org = useOrganizationName(params.get('organization_id'));
  const selected = (k: FilterKey) => listOf(params.get(k));
  const select = (k: FilterKey, label: string, options: Array<[string, string]>) => (
    <label className="sp-field">
      <span>{label}</span>
      <select value={params.get(k) ?? ''} onChange={(e) => set(k, e.target.value || null)}>
        <option value="">{t('search.any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  const date = (k: FilterKey, label: string) => (
    <label className="sp-field sp-date">
      <span>{label}</span>
      <input type="date" value={params.get(k) ?? ''} onChange={(e) => set(k, e.target.value || null)} />
    </label>
  );
  const chips: ReactNode[] = [];
  if (params.get('requester_id'))
    chips.push(
      <li key="r" className="chip">
        {t('search.requester_is', { name: person ?? `#${params.get('requester_id')}` })}
        <button type="button" className="chip-x" aria-label={t('common.remove')} onClick={() => set('requester_id', null)}>
          ×
        </button>
      </li>,
    );
  if (params.get('organization_id'))
    chips.push(
      <li key="o" className="chip">
        {t('search.organization_is', { name: org ?? `#${params.get('organization_id')}` })}
        <button type="button" className="chip-x" aria-label={t('common.remove')} onClick={() => set('organization_id', null)}>
          ×
        </button>
      </li>,
    );

  return (
    <details className="sp-filters" open>
      <summary>{t('search.filters')}</summary>
      <div className="sp-grid">
        <fieldset className="sp-checks">
          <legend>{t('search.status')}</legend>
          {STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={selected('status').includes(s)} onChange={() => toggle('status', s)} /> {t(`status.${s}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="sp-checks">
          <legend>{t('search.priority')}</legend>
          {PRIORITIES.map((p) => (
            <label key={p}>
              <input type="checkbox" checked={selected('priority').includes(p)} onChange={() => toggle('priority', p)} />{' '}
              {priorityLabel(t, p)}
            </label>
          ))}
        </fieldset>
        {select(
          'plan_id',
          t('search.plan'),
          plans.map((p) => [String(p.id), planDisplayName(p, i18n.language)]),
        )}
        {select('group_id', t('search.group'), [
          ['none', t('search.no_group')],
          ...groups.map((g): [string, string] => [String(g.id), g.name]),
        ])}
        {select('assignee_id', t('search.assignee'), [
          ['me', t('search.me')],
          ['none', t('search.unassigned')],
          ...staff.map((p): [string, string] => [String(p.id), p.name]),
        ])}
        {select(
          'channel',
          t('search.channel'),
          CHANNELS.map((c) => [c, t(`channel_label.${c}`)]),
        )}
        <label className="sp-field">
          <span>{t('search.tags')}</span>
          <input
            type="text"
            defaultValue={params.get('tags') ?? ''}
            key={params.get('tags') ?? ''}
            placeholder={t('search.tags_hint')}
            onBlur={(e) =>
              set(
                'tags',
                e.target.value
                  .split(/[,，\s]+/)
                  .filter(Boolean)
                  .join(',') || null,
              )
            }
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                (e.target as HTMLInputElement).blur();
              }
            }}
          />
        </label>
        <div className="sp-range">
          {date('created_from', t('search.created_from'))}
          {date('created_to', t('search.created_to'))}
        </div>
        <div className="sp-range">
          {date('updated_from', t('search.updated_from'))}
          {date('updated_to', t('search.updated_to'))}
        </div>
      </div>
      <div className="sp-foot">
        {chips.length > 0 && <ul className="chips">{chips}</ul>}
        {FILTER_KEYS.some((k) => params.get(k)) && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={clear}>
            {t('search.clear_filters')}
          </button>
        )}
      </div>
    </details>
  );
}

function usePersonName(id: string | null) {
  return (
    useQuery({
      queryKey: ['person-name', id],
      enabled: !!id && /^\d+$/.test(id),
      staleTime: 60_000,
      retry: false,
      queryFn: () => api.get<{ name: string }>(`/people/${id}`),
    }).data?.name ?? null
  );
}
function useOrganizationName(id: string | null) {
  return (
    useQuery({
      queryKey: ['organization-name', id],
      enabled: !!id && /^\d+$/.test(id),
      staleTime: 60_000,
      retry: false,
      queryFn: () => api.get<{ name: string }>(`/organizations/${id}`),
    }).data?.name ?? null
  );
}
