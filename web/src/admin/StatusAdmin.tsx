import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import { openIncidents, useStatusPage, type StatusComponent, type StatusIncident } from '../api/status.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';

const COMPONENT_STATUSES: StatusComponent['status'][] = ['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance'];
const INCIDENT_STATUSES: StatusIncident['status'][] = ['investigating', 'identified', 'monitoring', 'resolved'];

const useRefresh = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['status'] });
};

/** Admin › Status: components' status, announcing a status incident, its updates and its resolution (docs/status.md). */
export function StatusAdmin() {
  const { t } = useTranslation();
  usePageTitle(t('statuspage.admin.nav'));
  const page = useStatusPage();
  return (
    <main className="admin-page" id="main">
      <h1>{t('statuspage.admin.nav')}</h1>
      <p className="muted">
        {t('statuspage.admin.intro')}{' '}
        <a href="/status" target="_blank" rel="noreferrer">
          {t('statuspage.admin.public_link')}
        </a>
      </p>
      <QueryView query={page} skeleton={<Skeleton rows={3} height={60} />}>
        {(p) => (
          <>
            <OpenIncidents incidents={openIncidents(p)} />
            <AnnounceIncident components={p.components} />
            <Components components={p.components} />
          </>
        )}
      </QueryView>
    </main>
  );
}

function Components({ components }: { components: StatusComponent[] }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const admin = useMe().data?.role === 'admin';
  const set = useMutation({
    mutationFn: (v: { key: string; body: Record<string, unknown> }) => api.put(`/status/components/${encodeURIComponent(v.key)}`, v.body),
    onSuccess: refresh,
  });
  const [draft, setDraft] = useState({ key: '', name_en: '', name_zh: '' });
  const add = (e: FormEvent) => {
    e.preventDefault();
    set.mutate(
      { key: draft.key.trim(), body: { name_en: draft.name_en.trim(), name_zh: draft.name_zh.trim() } },
      { onSuccess: () => setDraft({ key: '', name_en: '', name_zh: '' }) },
    );
  };
  return (
    <section className="panel" aria-labelledby="status-components-h">
      <h2 className="panel-title" id="status-components-h">
        {t('statuspage.admin.components')}
      </h2>
      {set.isError && <ErrorBanner error={set.error} />}
      {components.length === 0 && <p className="muted">{t('statuspage.admin.no_components')}</p>}
      {components.map((c) => (
        <div key={c.key} className="status-admin-row">
          <span>
            {c.name} <span className="muted small">{c.key}</span>
          </span>
          <select
            aria-label={c.name}
            value={c.status}
            disabled={set.isPending}
            onChange={(e) => set.mutate({ key: c.key, body: { status: e.target.value } })}
          >
            {COMPONENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuspage.component_status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      ))}
      {admin && (
        <form onSubmit={add} className="status-add" aria-label={t('statuspage.admin.add_component')}>
          <Field label={t('statuspage.admin.key')} hint={t('statuspage.admin.key_hint')}>
            {(p) => (
              <input
                {...p}
                required
                // The browser's own "match the requested format" bubble adds this: what the format is.
                title={t('statuspage.admin.key_hint')}
                pattern="[a-z0-9][a-z0-9_\-]{0,39}"
                value={draft.key}
                onChange={(e) => setDraft({ ...draft, key: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('statuspage.admin.name_en')}>
            {(p) => <input {...p} required value={draft.name_en} onChange={(e) => setDraft({ ...draft, name_en: e.target.value })} />}
          </Field>
          <Field label={t('statuspage.admin.name_zh')}>
            {(p) => <input {...p} required value={draft.name_zh} onChange={(e) => setDraft({ ...draft, name_zh: e.target.value })} />}
          </Field>
          <button type="submit" className="btn" disabled={set.isPending}>
            {t('statuspage.admin.add')}
          </button>
        </form>
      )}
    </section>
  );
}

function AnnounceIncident({ components }: { components: StatusComponent[] }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [title, setTitle] = useState('');
  const [keys, setKeys] = useState<string[]>([]);
  const [status, setStatus] = useState<'investigating' | 'identified' | 'monitoring'>('investigating');
  const [message, setMessage] = useState('');
  const create = useMutation({
    mutationFn: () => api.post('/status/incidents', { title: title.trim(), components: keys, status, message: message.trim() }),
    onSuccess: async () => {
      setTitle('');
      setKeys([]);
      setMessage('');
      await refresh();
    },
  });
  return (
    <form
      className="panel stack"
      aria-label={t('statuspage.admin.open_incident')}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2 className="panel-title">{t('statuspage.admin.open_incident')}</h2>
      {create.isError && (
        <ErrorBanner
          error={create.error}
          fields={{
            title: t('statuspage.admin.incident_title'),
            message: t('statuspage.admin.message'),
            components: t('statuspage.admin.incident_components'),
            status: t('statuspage.admin.incident_status'),
          }}
        />
      )}
      <Field label={t('statuspage.admin.incident_title')}>
        {(p) => <input {...p} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      {components.length > 0 && (
        <fieldset className="status-fieldset">
          <legend>{t('statuspage.admin.incident_components')}</legend>
          {components.map((c) => (
            <label key={c.key} className="check">
              <input
                type="checkbox"
                checked={keys.includes(c.key)}
                onChange={(e) => setKeys(e.target.checked ? [...keys, c.key] : keys.filter((k) => k !== c.key))}
              />{' '}
              {c.name}
            </label>
          ))}
          <p className="hint">{t('statuspage.admin.incident_components_hint')}</p>
        </fieldset>
      )}
      <Field label={t('statuspage.admin.incident_status')}>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {INCIDENT_STATUSES.filter((s) => s !== 'resolved').map((s) => (
              <option key={s} value={s}>
                {t(`statuspage.incident_status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('statuspage.admin.message')}>
        {(p) => <textarea {...p} required rows={3} maxLength={5000} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <div>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('statuspage.admin.announce')}
        </button>
      </div>
    </form>
  );
}

function OpenIncidents({ incidents }: { incidents: StatusIncident[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="status-open-h">
      <h2 className="panel-title" id="status-open-h">
        {t('statuspage.admin.open_list')}
      </h2>
      {incidents.length === 0 ? (
        <p className="muted">{t('statuspage.admin.no_open')}</p>
      ) : (
        incidents.map((i) => <IncidentUpdate key={i.id} incident={i} />)
      )}
    </section>
  );
}

function IncidentUpdate({ incident }: { incident: StatusIncident }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [status, setStatus] = useState<StatusIncident['status']>(incident.status);
  const [message, setMessage] = useState('');
  const [solve, setSolve] = useState(false);
  const post = useMutation({
    mutationFn: () =>
      api.post(`/status/incidents/${incident.id}/updates`, {
        status,
        message: message.trim(),
        ...(status === 'resolved' ? { solve_linked: solve } : {}),
      }),
    onSuccess: async () => {
      setMessage('');
      await refresh();
    },
  });
  return (
    <form
      className="stack status-incident"
      data-incident={incident.id}
      aria-label={incident.title}
      onSubmit={(e) => {
        e.preventDefault();
        post.mutate();
      }}
    >
      <h3>
        {incident.title} <span className="badge warn">{t(`statuspage.incident_status.${incident.status}`)}</span>
      </h3>
      {incident.updates[0] && <p className="muted small">{incident.updates[0].message}</p>}
      {post.isError && (
        <ErrorBanner
          error={post.error}
          fields={{ message: t('statuspage.admin.message'), status: t('statuspage.admin.incident_status') }}
        />
      )}
      <Field label={t('statuspage.admin.incident_status')}>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as StatusIncident['status'])}>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuspage.incident_status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('statuspage.admin.message')}>
        {(p) => <textarea {...p} required rows={2} maxLength={5000} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      {status === 'resolved' && (
        <>
          <label className="check">
            <input type="checkbox" checked={solve} onChange={(e) => setSolve(e.target.checked)} /> {t('statuspage.admin.solve_linked')}
          </label>
          <p className="muted small">{t('statuspage.admin.resolve_note')}</p>
        </>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={post.isPending}>
          {t('statuspage.admin.post_update')}
        </button>
      </div>
    </form>
  );
}
