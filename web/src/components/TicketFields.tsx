import { useTranslation } from 'react-i18next';
import { readValue, useFieldText, useTicketFields } from '../api/ticketFields.ts';
import type { Ticket } from '../api/types.ts';
import { MONO_KEYS } from './CustomFieldInput.tsx';

/** Labels of the `fields` keys the guided form wrote before they were custom fields; other keys show as they are. */
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

function Value({ v, text, mono }: { v: unknown; text?: string; mono?: boolean }) {
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
  if (text !== undefined)
    return mono ? (
      <pre className="body-preview mono" data-testid="field-output">
        {text}
      </pre>
    ) : (
      <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>
    );
  if (Array.isArray(v)) return <>{v.map(String).join(', ')}</>;
  if (v && typeof v === 'object') return <pre className="mono small">{JSON.stringify(v, null, 2)}</pre>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</span>;
}

/**
 * The ticket's structured details (`fields`, with the custom fields under their labels). For staff
 * the server leaves sensitive ones out until the requester is verified; this says so instead of
 * showing nothing. The customer side gets its own details in full (`viewer="customer"`: no such
 * note). `custom={false}`: the custom fields are shown elsewhere (the console edits them).
 */
export function TicketFields({
  ticket,
  viewer = 'staff',
  custom = true,
}: {
  ticket: Ticket;
  viewer?: 'staff' | 'customer';
  custom?: boolean;
}) {
  const { t } = useTranslation();
  const text = useFieldText();
  const defs = useTicketFields().data?.data ?? [];
  const customKeys = new Set(Object.keys(ticket.custom_fields ?? {}));
  const entries = Object.entries(ticket.fields ?? {}).filter(([k]) => !HIDDEN.has(k) && (custom || !customKeys.has(k)));
  const v = ticket.verification;
  // Only when the server did leave something out: a billing ticket opened without details hides nothing.
  const held = viewer === 'staff' && !!v?.required && !v.verified && (v.withheld_fields?.length ?? 1) > 0;
  if (!entries.length && !held) return null;
  const yesNo = (b: boolean) => t(b ? 'common.yes' : 'common.no');
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
          {entries.map(([k, val]) => {
            const def = customKeys.has(k) ? defs.find((d) => d.key === k) : undefined;
            return (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{def ? text.label(def) : FIELD_LABEL[k] ? t(FIELD_LABEL[k]) : k}</dt>
                <dd>
                  <Value v={val} text={def ? readValue(def, val, text, yesNo) : undefined} mono={MONO_KEYS.has(k)} />
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
