import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useFieldText, useTicketFields } from '../../api/ticketFields.ts';
import type { Ticket } from '../../api/types.ts';
import { CustomFieldInput } from '../../components/CustomFieldInput.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The ticket's custom fields, edited in place: the active fields its category asks for, and any
 * other field that has a value. A sensitive field the server withholds (requester not verified yet)
 * is not shown and cannot be overwritten blindly: it says so instead.
 */
export function CustomFieldsPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const text = useFieldText();
  const all = useTicketFields().data?.data ?? [];
  const values = (ticket.custom_fields ?? {}) as Record<string, unknown>;
  const [draft, setDraft] = useState<Record<string, unknown>>(values);
  // A refetch (live updates) replaces the draft only when the saved values changed, so unsaved edits survive it.
  const saved = JSON.stringify(ticket.custom_fields ?? {});
  useEffect(() => setDraft(JSON.parse(saved) as Record<string, unknown>), [saved]);
  const category = ticket.category?.toLowerCase() ?? null;
  const fields = all.filter(
    (f) => f.key in values || (f.active && (!f.categories.length || (category != null && f.categories.includes(category)))),
  );
  const v = ticket.verification;
  const locked = !!v?.required && !v.verified;
  // A sensitive field the requester never filled in is not hidden: the agent may fill it in.
  const withheld = (key: string) =>
    locked && all.find((f) => f.key === key)?.sensitive && !(key in values) && (v?.withheld_fields?.includes(key) ?? true);
  const changed = Object.fromEntries(fields.filter((f) => !same(draft[f.key], values[f.key])).map((f) => [f.key, draft[f.key] ?? null]));
  const save = useMutation({
    mutationFn: () => api.patch<Ticket>(`/tickets/${ticket.id}`, { custom_fields: changed }),
    onSuccess: (tk) => {
      qc.setQueryData(['ticket', ticket.id], tk);
      void qc.invalidateQueries({ queryKey: ['events', ticket.id] });
    },
  });
  if (!fields.length) return null;
  const closed = ticket.status === 'closed';
  return (
    <section className="panel" aria-labelledby="cf-h" data-testid="custom-fields">
      <h2 id="cf-h" className="panel-title">
        {t('kf.custom.title')}
      </h2>
      {save.isError && <ErrorBanner error={save.error} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (Object.keys(changed).length) save.mutate();
        }}
      >
        {fields.map((f) =>
          withheld(f.key) ? (
            <p key={f.key} className="muted small" data-testid={`cf-${f.key}-withheld`}>
              {t('kf.custom.withheld', { field: text.label(f) })}
            </p>
          ) : (
            <CustomFieldInput
              key={f.key}
              field={f}
              value={draft[f.key]}
              disabled={closed || save.isPending}
              onChange={(v) => setDraft((x) => ({ ...x, [f.key]: v }))}
            />
          ),
        )}
        {!closed && (
          <div className="btn-row">
            <button type="submit" className="btn btn-primary btn-sm" disabled={!Object.keys(changed).length || save.isPending}>
              {save.isPending ? t('common.working') : t('kf.custom.save')}
            </button>
            {save.isSuccess && !Object.keys(changed).length && <span className="muted small">{t('common.saved')}</span>}
          </div>
        )}
      </form>
    </section>
  );
}
