import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';

/** The calm, centered card for signing in, signing up and setting passwords. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <div className="auth-page">
      <div className="auth-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            客
          </span>
          <span className="brand-name">{t('common.product')}</span>
        </span>
        <LanguageSwitch />
      </div>
      <main className="auth-card" id="main">
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        {children}
      </main>
      {footer && <div className="auth-footer">{footer}</div>}
    </div>
  );
}
