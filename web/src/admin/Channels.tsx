import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Time } from '../components/Time.tsx';
import { listOf } from './adminApi.ts';

type Row = Record<string, unknown>;
/** Columns shown when the API returns them; each has an i18n label. */
const COLUMNS: Record<string, string[]> = {
  'support-addresses': ['address', 'email', 'name', 'group_id', 'default', 'verified'],
  mailboxes: ['name', 'kind', 'protocol', 'host', 'username', 'address', 'status', 'last_polled_at', 'last_error'],
  outbox: ['to', 'subject', 'status', 'attempts', 'created_at', 'sent_at', 'last_error'],
};
const DATES = new Set(['created_at', 'sent_at', 'last_polled_at']);

function cell(v: unknown, key: string, t: (k: string) => string) {
  if (v === null || v === undefined || v === '') return <span className="muted">—</span>;
  if (DATES.has(key)) return <Time value={String(v)} />;
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? (x as Row).address ?? (x as Row).email ?? '' : String(x))).join(', ');
  if (typeof v === 'object') return String((v as Row).address ?? (v as Row).email ?? (v as Row).name ?? '');
  return String(v);
}

function Section({ path }: { path: keyof typeof COLUMNS }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['channels', path], queryFn: () => api.get<Page<Row>>(`/${path}`, { limit: 50 }).then(listOf) });
  return (
    <section className="section">
      <h2>{t(`admin.channels.${path}`)}</h2>
      <p className="muted">{t(`admin.channels.${path}_desc`)}</p>
      <QueryView query={q}>
        {(rows) => {
          if (!rows.length) return <EmptyState title={t('admin.channels.empty')} />;
          const cols = COLUMNS[path].filter((c) => rows.some((r) => r[c] !== undefined));
          return (
            <table className="table">
              <thead><tr>{cols.map((c) => <th key={c}>{t(`admin.channels.col.${c}`)}</th>)}</tr></thead>
              <tbody>{rows.map((r, i) => <tr key={String(r.id ?? i)}>{cols.map((c) => <td key={c}>{cell(r[c], c, t)}</td>)}</tr>)}</tbody>
            </table>
          );
        }}
      </QueryView>
    </section>
  );
}

/** Support addresses, mailboxes and the outbox of sent mail. */
export function Channels() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.channels'));
  return (
    <main className="admin-page" id="main">
      <div className="page-head"><h1>{t('admin.nav.channels')}</h1></div>
      <Section path="support-addresses" />
      <Section path="mailboxes" />
      <Section path="outbox" />
    </main>
  );
}
