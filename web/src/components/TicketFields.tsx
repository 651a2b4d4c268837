import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/types.ts';

/** Labels of the `fields` keys the guided form writes; other keys show as they are. */
export const FIELD_LABEL: Record<string, string> = {
  description: 'new.details.description',
  occurred_at_utc: 'new.details.occurred',
  domain: 'new.details.domain',
  zone: 'new.details.domain',
  frequency: 'new.details.frequency',
  steps_to_reproduce: 'new.details.steps',
  expected_result: 'new.details.expected',
  actual_result: 'new.details.actual',
  urls: 'new.details.urls',
  error_messages: 'new.details.errors',
  diagnostics: 'new.details.outputs',
};
const HIDDEN = new Set(['submitted_via']);

function Value({ v }: { v: unknown }) {
  if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && 'output' in x)) {
    return (
      <>
        {(v as Array<{ tool?: string; output: string }>).map((o, i) => (
          <pre key={i} className="body-preview mono" data-testid="field-output">
            <strong>{o.tool}</strong>
            {'\n'}
            {o.output}
          </pre>
        ))}
      </>
    );
  }
  if (Array.isArray(v)) return <>{v.map(String).join(', ')}</>;
  if (v && typeof v === 'object') return <pre className="mono small">{JSON.stringify(v, null, 2)}</pre>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</span>;
}

/**
 * The ticket's structured details (`fields`). For staff the server leaves sensitive ones out until
 * the requester is verified; this says so instead of showing nothing. The customer side gets its
 * own details in full (`viewer="customer"`: no such note).
 */
export function TicketFields({ ticket, viewer = 'staff' }: { ticket: Ticket; viewer?: 'staff' | 'customer' }) {
  const { t } = useTranslation();
  const entries = Object.entries(ticket.fields ?? {}).filter(([k]) => !HIDDEN.has(k));
  const v = ticket.verification;
  const held = viewer === 'staff' && !!v?.required && !v.verified;
  if (!entries.length && !held) return null;
  return (
    <section className="panel" data-testid="ticket-fields">
      <h2 className="panel-title">{t('kf.fields.title')}</h2>
      {held && (
        <p className="muted small" data-testid="fields-withheld">
          {t('kf.fields.withheld')}
        </p>
      )}
      {entries.length > 0 && (
        <dl className="kv small">
          {entries.map(([k, val]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{FIELD_LABEL[k] ? t(FIELD_LABEL[k]) : k}</dt>
              <dd>
                <Value v={val} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
