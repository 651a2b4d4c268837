import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useTicketForm } from '../api/plans.ts';
import { FIELD_TYPES, useFieldText, useTicketFields, type FieldType, type TicketField } from '../api/ticketFields.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';

interface Form {
  key: string;
  en: string;
  zh: string;
  type: FieldType;
  options: string;
  categories: string[];
  required: boolean;
  visible_to_customers: boolean;
  sensitive: boolean;
  active: boolean;
}
const blank: Form = {
  key: '',
  en: '',
  zh: '',
  type: 'text',
  options: '',
  categories: [],
  required: false,
  visible_to_customers: false,
  sensitive: false,
  active: true,
};
const fromField = (f: TicketField): Form => ({
  key: f.key,
  en: f.label.en,
  zh: f.label['zh-CN'],
  type: f.type,
  options: f.options.join('\n'),
  categories: f.categories,
  required: f.required,
  visible_to_customers: f.visible_to_customers,
  sensitive: f.sensitive,
  active: f.active,
});
const hasOptions = (type: FieldType) => type === 'select' || type === 'multiselect';
const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** The editor of one field: a new one, or an existing one (its key and type are fixed). */
function FieldEditor({ editing, onDone }: { editing: TicketField | null; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [f, setF] = useState<Form>(editing ? fromField(editing) : blank);
  const set = (p: Partial<Form>) => setF((x) => ({ ...x, ...p }));
  const categories = useTicketForm(undefined).data?.categories.map((c) => c.key) ?? [];
  const save = useMutation({
    mutationFn: () => {
      const body = {
        label: { en: f.en.trim(), 'zh-CN': f.zh.trim() },
        options: hasOptions(f.type) ? lines(f.options) : undefined,
        categories: f.categories,
        required: f.required,
        visible_to_customers: f.visible_to_customers,
        sensitive: f.sensitive,
        active: f.active,
      };
      return editing
        ? api.patch<TicketField>(`/ticket-fields/${editing.id}`, body)
        : api.post<TicketField>('/ticket-fields', { ...body, key: f.key.trim(), type: f.type });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['ticket-fields'] });
      onDone();
    },
  });
  const removed = editing && hasOptions(f.type) ? editing.options.filter((o) => !lines(f.options).includes(o)) : [];
  const check = (k: 'required' | 'visible_to_customers' | 'sensitive' | 'active') => (
    <label className="check">
      <input type="checkbox" checked={f[k]} onChange={(e) => set({ [k]: e.target.checked })} /> {t(`admin.fields.${k}`)}
      <span className="muted small"> {t(`admin.fields.${k}_hint`)}</span>
    </label>
  );
  return (
    <form
      className="card"
      aria-labelledby="field-editor-h"
      data-testid="field-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="field-editor-h">{editing ? t('admin.fields.edit_title', { key: editing.key }) : t('admin.fields.new_title')}</h2>
      <div className="row-2">
        <Field label={t('admin.fields.key')} hint={editing ? t('admin.fields.key_fixed') : t('admin.fields.key_hint')}>
          {(p) => (
            <input {...p} className="mono" required value={f.key} disabled={!!editing} onChange={(e) => set({ key: e.target.value })} />
          )}
        </Field>
        <Field label={t('admin.fields.type')} hint={editing ? t('admin.fields.type_fixed') : undefined}>
          {(p) => (
            <select {...p} value={f.type} disabled={!!editing} onChange={(e) => set({ type: e.target.value as FieldType })}>
              {FIELD_TYPES.map((x) => (
                <option key={x} value={x}>
                  {t(`admin.fields.types.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row-2">
        <Field label={t('admin.fields.label_en')}>
          {(p) => <input {...p} required lang="en" value={f.en} onChange={(e) => set({ en: e.target.value })} />}
        </Field>
        <Field label={t('admin.fields.label_zh')}>
          {(p) => <input {...p} required lang="zh-CN" value={f.zh} onChange={(e) => set({ zh: e.target.value })} />}
        </Field>
      </div>
      {hasOptions(f.type) && (
        <Field label={t('admin.fields.options')} hint={t('admin.fields.options_hint')}>
          {(p) => <textarea {...p} rows={4} className="mono" value={f.options} onChange={(e) => set({ options: e.target.value })} />}
        </Field>
      )}
      {removed.length > 0 && (
        <p className="notice" role="note" data-testid="options-removed">
          {t('admin.fields.options_removed', { options: removed.join(', ') })}
        </p>
      )}
      <fieldset className="fieldset">
        <legend>{t('admin.fields.categories')}</legend>
        <p className="hint">{t('admin.fields.categories_hint')}</p>
        <div className="check-grid">
          {[...new Set([...categories, ...f.categories])].map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={f.categories.includes(c)}
                onChange={(e) => set({ categories: e.target.checked ? [...f.categories, c] : f.categories.filter((x) => x !== c) })}
              />
              {t(`category.${c}.name`, { defaultValue: c })}
            </label>
          ))}
        </div>
      </fieldset>
      {check('required')}
      {check('visible_to_customers')}
      {check('sensitive')}
      {check('active')}
      {save.isError && (
        <ErrorBanner
          error={save.error}
          fields={{
            key: t('admin.fields.key'),
            type: t('admin.fields.type'),
            'label.en': t('admin.fields.label_en'),
            'label.zh-CN': t('admin.fields.label_zh'),
            options: t('admin.fields.options'),
            categories: t('admin.fields.categories'),
          }}
        />
      )}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? t('common.working') : editing ? t('common.save') : t('admin.fields.create')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('admin.fields.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Admin: the custom ticket fields (docs/custom-fields.md) — list, define, change. */
export function TicketFields() {
  const { t } = useTranslation();
  usePageTitle(t('admin.nav.ticket-fields'));
  const fields = useTicketFields();
  const text = useFieldText();
  const [editing, setEditing] = useState<TicketField | 'new' | null>(null);
  const flag = (on: boolean, k: string) => (on ? <span className="badge subtle">{t(`admin.fields.flag.${k}`)}</span> : null);
  return (
    <main className="admin-page" id="main">
      <div className="page-head">
        <h1>{t('admin.nav.ticket-fields')}</h1>
        {editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('admin.fields.new')}
          </button>
        )}
      </div>
      <p className="muted">{t('admin.fields.intro')}</p>
      {editing !== null && (
        <FieldEditor
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <QueryView query={fields}>
        {(p) =>
          p.data.length === 0 ? (
            <EmptyState title={t('admin.fields.empty')} />
          ) : (
            <table className="table" data-testid="ticket-fields-table">
              <thead>
                <tr>
                  <th>{t('admin.fields.label')}</th>
                  <th>{t('admin.fields.key')}</th>
                  <th>{t('admin.fields.type')}</th>
                  <th>{t('admin.fields.categories')}</th>
                  <th>{t('admin.fields.flags')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {p.data.map((x) => (
                  <tr key={x.id} className={x.active ? '' : 'dim'}>
                    <td>{text.label(x)}</td>
                    <td className="mono">{x.key}</td>
                    <td>
                      {t(`admin.fields.types.${x.type}`)}
                      {x.options.length > 0 && (
                        <div className="muted small">{x.options.map((o) => text.option(x, o)).join(t('common.list_separator'))}</div>
                      )}
                    </td>
                    <td>
                      {x.categories.length
                        ? x.categories.map((c) => t(`category.${c}.name`, { defaultValue: c })).join(t('common.list_separator'))
                        : t('admin.fields.all_categories')}
                    </td>
                    <td>
                      <span className="row-gap">
                        {flag(x.required, 'required')} {flag(x.visible_to_customers, 'customers')} {flag(x.sensitive, 'sensitive')}{' '}
                        {flag(!x.active, 'inactive')}
                      </span>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        onClick={() => setEditing(x)}
                        aria-label={t('admin.fields.edit_named', { name: text.label(x), key: x.key })}
                      >
                        {t('admin.fields.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </main>
  );
}
