import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.ts';
import type { Ticket } from '../../api/types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { useFormat } from '../../components/format.ts';
import { Time } from '../../components/Time.tsx';
import { useNow } from '../../components/useNow.ts';

interface Verified {
  verified: true;
  verified_until: string;
}

/** "Verify requester": the code the requester reads out; verified until…, a wrong code (attempts left), or locked (time left). */
export function VerifyRequester({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const f = useFormat();
  const now = useNow();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const verify = useMutation({
    mutationFn: () => api.post<Verified>(`/tickets/${ticket.id}/verify`, { code: code.replace(/\s+/g, '') }),
    onSuccess: () => {
      setCode('');
      void qc.invalidateQueries({ queryKey: ['ticket', ticket.id] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 429) {
        const s = Number((e.details as { retry_after_seconds?: number } | undefined)?.retry_after_seconds ?? 0);
        setLockedUntil(Date.now() + s * 1000);
      }
    },
  });
  const v = ticket.verification;
  const until = verify.data?.verified_until ?? (v?.verified ? v.verified_until : null);
  const locked = lockedUntil !== null && lockedUntil > now;
  const err = verify.error instanceof ApiError ? verify.error : null;
  const wrong = err?.status === 422 ? err.message : undefined;
  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 className="panel-title" id="verify-title">
        {t('kf.verify.title')}
      </h2>
      {v?.required && !v.verified && !until && (
        <p className="notice notice-warn small" role="note">
          {t('kf.verify.withheld')}
        </p>
      )}
      {until && (
        <p className="notice notice-ok small" role="status" data-testid="verified">
          ✓ {t('kf.verify.verified')} · {t('kf.verify.until')} <Time value={until} />
        </p>
      )}
      {locked ? (
        <p className="banner banner-error small" role="alert">
          {t('kf.verify.locked', { time: f.duration(lockedUntil! - now) })}
        </p>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            verify.mutate();
          }}
        >
          <Field label={t('kf.verify.code')} hint={t('kf.verify.hint')} error={wrong}>
            {(p) => (
              <input {...p} inputMode="numeric" autoComplete="off" maxLength={7} value={code} onChange={(e) => setCode(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="btn btn-sm" disabled={verify.isPending || code.replace(/\s+/g, '').length !== 6}>
            {t('kf.verify.submit')}
          </button>
        </form>
      )}
      {err && err.status !== 422 && err.status !== 429 && <ErrorBanner error={err} />}
    </section>
  );
}
