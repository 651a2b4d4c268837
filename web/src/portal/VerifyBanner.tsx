import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import { errorText } from '../components/ErrorBanner.tsx';
import { Icon } from '../components/Icon.tsx';

/** Until the address is confirmed, requests cannot be opened: say so, and offer the link again. */
export function VerifyBanner() {
  const { t } = useTranslation();
  const me = useMe().data;
  const resend = useMutation({ mutationFn: () => api.post('/auth/verify-email/resend') });
  const primary = me?.emails?.find((e) => e.primary) ?? me?.emails?.[0];
  if (!me || me.role !== 'customer' || !primary || primary.verified) return null;
  return (
    <div className="banner banner-warn verify-banner" role="status">
      <div>
        <strong>
          <Icon name="mail" /> {t('portal.verify.title')}
        </strong>
        <p>
          {resend.isSuccess
            ? t('portal.verify.sent', { email: primary.email })
            : resend.isError
              ? errorText(resend.error, t)
              : t('portal.verify.body', { email: primary.email })}
        </p>
      </div>
      {!resend.isSuccess && (
        <button type="button" className="btn" disabled={resend.isPending} onClick={() => resend.mutate()}>
          {t('portal.verify.resend')}
        </button>
      )}
    </div>
  );
}
