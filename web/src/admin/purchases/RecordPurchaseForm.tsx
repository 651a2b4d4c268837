import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import { useLocalized, useServices } from '../../api/plans.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';

const EMPTY = { service: '', quantity: '1', order_ref: '', marketplace: '', expires_at: '' };

/** "Record purchase": a marketplace order of on-demand services. */
export function RecordPurchaseForm({ orgId }: { orgId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const services = useServices();
  const text = useLocalized();
  const [form, setForm] = useState(EMPTY);
  const record = useMutation({
    mutationFn: () =>
      api.post(`/organizations/${orgId}/purchases`, {
        service: form.service || services.data?.data[0]?.key,
        quantity: Number(form.quantity),
        order_ref: form.order_ref.trim(),
        marketplace: form.marketplace.trim() || undefined,
        expires_at: form.expires_at ? new Date(`${form.expires_at}T23:59:59`).toISOString() : undefined,
      }),
    onSuccess: () => {
      setForm(EMPTY);
      void qc.invalidateQueries({ queryKey: ['purchases', orgId] });
      void qc.invalidateQueries({ queryKey: ['organization', orgId] });
    },
  });
  const err = record.error instanceof ApiError ? record.error : null;
  const fieldErr = (f: string) => (err?.field === f ? err.message : undefined);
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm({ ...form, [k]: e.target.value });
  return (
    <form
      className="stack"
      aria-label={t('kf.purchases.record')}
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <h4>{t('kf.purchases.record')}</h4>
      <div className="inline-form">
        <Field label={t('kf.purchases.service')} error={fieldErr('service')}>
          {(p) => (
            <select {...p} value={form.service} onChange={set('service')}>
              {(services.data?.data ?? [])
                .filter((s) => s.active)
                .map((s) => (
                  <option key={s.key} value={s.key}>
                    {text(s.name) || s.key}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('kf.purchases.quantity')} error={fieldErr('quantity')}>
          {(p) => <input {...p} type="number" min={1} value={form.quantity} onChange={set('quantity')} />}
        </Field>
        <Field label={t('kf.purchases.order_ref')} error={fieldErr('order_ref')}>
          {(p) => <input {...p} required value={form.order_ref} onChange={set('order_ref')} />}
        </Field>
        <Field label={t('kf.purchases.marketplace')}>
          {(p) => <input {...p} value={form.marketplace} onChange={set('marketplace')} />}
        </Field>
        <Field label={t('kf.purchases.expires_at')}>
          {(p) => <input {...p} type="date" value={form.expires_at} onChange={set('expires_at')} />}
        </Field>
      </div>
      {err && !err.field && <ErrorBanner error={err} />}
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={record.isPending || !form.order_ref.trim()}>
          {t('kf.purchases.record')}
        </button>
        {record.isSuccess && (
          <span className="ok-text" role="status">
            ✓ {t('common.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
