import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { useGroups } from '../../agent/ticket/useStaff.ts';
import { useSupportAddresses, type SupportAddress } from './emailApi.ts';

type Form = { email: string; name: string; is_default: boolean; group_id: number | null };
const blank: Form = { email: '', name: '', is_default: false, group_id: null };
const body = (f: Form) => ({ email: f.email.trim(), name: f.name.trim() || undefined, is_default: f.is_default, group_id: f.group_id });

function AddressFields({ form, set, withHint }: { form: Form; set: (f: Form) => void; withHint?: boolean }) {
  const { t } = useTranslation();
  const groups = useGroups().data ?? [];
  return (
    <>
      <Field label={t('admin.email.address')}>
        {(p) => <input {...p} type="email" required value={form.email} onChange={(e) => set({ ...form, email: e.target.value })} />}
      </Field>
      <Field label={t('admin.email.display_name')} hint={withHint ? t('admin.email.display_name_hint') : undefined}>
        {(p) => <input {...p} value={form.name} onChange={(e) => set({ ...form, name: e.target.value })} />}
      </Field>
      <Field label={t('admin.email.group')} hint={withHint ? t('admin.email.group_hint') : undefined}>
        {(p) => (
          <select
            {...p}
            value={form.group_id ?? ''}
            onChange={(e) => set({ ...form, group_id: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t('admin.email.no_group')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={form.is_default} onChange={(e) => set({ ...form, is_default: e.target.checked })} />{' '}
        {t('admin.email.is_default')}
      </label>
    </>
  );
}

/** Addresses customers write to; replies go out from them; each may send its new tickets to a group. Add, edit, remove. */
export function SupportAddresses() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useSupportAddresses();
  const groupName = new Map((useGroups().data ?? []).map((g) => [g.id, g.name]));
  const [adding, setAdding] = useState<Form>(blank);
  const [editing, setEditing] = useState<{ id: number; form: Form } | null>(null);
  const done = () => void qc.invalidateQueries({ queryKey: ['support-addresses'] });
  const create = useMutation({
    mutationFn: () => api.post<SupportAddress>('/support-addresses', body(adding)),
    onSuccess: () => {
      setAdding(blank);
      done();
    },
  });
  const save = useMutation({
    mutationFn: (e: { id: number; form: Form }) => api.patch<SupportAddress>(`/support-addresses/${e.id}`, body(e.form)),
    onSuccess: () => {
      setEditing(null);
      done();
    },
  });
  const remove = useMutation({ mutationFn: (id: number) => api.del(`/support-addresses/${id}`), onSuccess: done });
  return (
    <section className="section" aria-labelledby="support-addresses-title">
      <h2 id="support-addresses-title">{t('admin.channels.support-addresses')}</h2>
      <p className="muted">{t('admin.channels.support-addresses_desc')}</p>
      <QueryView query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title={t('admin.email.no_addresses')}>{t('admin.email.no_addresses_body')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('admin.email.address')}</th>
                    <th>{t('admin.email.display_name')}</th>
                    <th>{t('admin.email.group')}</th>
                    <th>{t('admin.email.is_default')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) =>
                    editing?.id === a.id ? (
                      <tr key={a.id} className="selected">
                        <td colSpan={5}>
                          <form
                            className="inline-form"
                            aria-label={t('admin.email.edit_address', { email: a.email })}
                            onSubmit={(e) => {
                              e.preventDefault();
                              save.mutate(editing);
                            }}
                          >
                            <AddressFields form={editing.form} set={(form) => setEditing({ id: a.id, form })} />
                            <button type="submit" className="btn btn-primary btn-sm" disabled={save.isPending}>
                              {t('common.save')}
                            </button>
                            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>
                              {t('admin.email.cancel')}
                            </button>
                          </form>
                          {save.isError && <ErrorBanner error={save.error} />}
                        </td>
                      </tr>
                    ) : (
                      <tr key={a.id}>
                        <td className="mono">{a.email}</td>
                        <td>{a.name ?? <span className="muted">—</span>}</td>
                        <td>{a.group_id != null ? (groupName.get(a.group_id) ?? `#${a.group_id}`) : <span className="muted">—</span>}</td>
                        <td>{a.is_default ? <span className="badge ok">{t('admin.email.default_badge')}</span> : null}</td>
                        <td>
                          <div className="row-gap">
                            <button
                              type="button"
                              className="btn btn-sm"
                              onClick={() => {
                                save.reset();
                                setEditing({
                                  id: a.id,
                                  form: { email: a.email, name: a.name ?? '', is_default: a.is_default, group_id: a.group_id },
                                });
                              }}
                              aria-label={t('admin.email.edit_address', { email: a.email })}
                            >
                              {t('admin.email.edit')}
                            </button>
                            <button
                              type="button"
                              className="btn btn-ghost btn-sm"
                              onClick={() => {
                                if (window.confirm(t('admin.email.remove_address_confirm', { email: a.email }))) remove.mutate(a.id);
                              }}
                              aria-label={t('admin.email.remove_address', { email: a.email })}
                            >
                              {t('common.remove')}
                            </button>
                          </div>
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {remove.isError && <ErrorBanner error={remove.error} />}
      <h3>{t('admin.email.add_address')}</h3>
      <form
        className="inline-form"
        aria-label={t('admin.email.add_address')}
        onSubmit={(e) => {
          e.preventDefault();
          if (adding.email.trim()) create.mutate();
        }}
      >
        <AddressFields form={adding} set={setAdding} withHint />
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('admin.email.add_address')}
        </button>
      </form>
      {create.isError && <ErrorBanner error={create.error} />}
    </section>
  );
}
