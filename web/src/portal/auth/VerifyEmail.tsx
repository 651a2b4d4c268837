import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Loading.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** The link from the confirmation email lands here and confirms the address once. */
export function VerifyEmail() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const [error, setError] = useState<unknown>(null);
  const once = useRef(false);
  const run = async () => {
    setState('working');
    setError(null);
    try {
      await api.post('/auth/verify-email', { token });
      await qc.invalidateQueries({ queryKey: ['me'] });
      setState('done');
    } catch (e) {
      setError(e);
      setState('failed');
    }
  };
  useEffect(() => {
    if (!once.current) {
      once.current = true;
      void run();
    }
  });

  return (
    <AuthLayout title={t('auth.verify_title')}>
      {state === 'working' && <Spinner label={t('auth.verifying')} />}
      {state === 'done' && (
        <div className="stack">
          <div className="notice notice-ok" role="status">
            ✓ {t('auth.verified')}
          </div>
          <Link to="/" className="btn btn-primary btn-block">
            {t('auth.continue')}
          </Link>
        </div>
      )}
      {state === 'failed' && <ErrorBanner error={error} onRetry={() => void run()} />}
    </AuthLayout>
  );
}
