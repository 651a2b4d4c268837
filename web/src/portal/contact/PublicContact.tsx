import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { adoptLanguage } from '../../i18n/index.ts';
import { useMe } from '../../api/session.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { usePageTitle } from '../../components/PageTitle.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { StatusFirst } from '../../status/StatusFirst.tsx';
import { ChannelCard } from './ChannelCard.tsx';
import { StandardHours, useContactPage, WillNotDo } from './ContactFacts.tsx';

/** /contact for everyone, signed in or not: how to reach support, when, and what for (docs/contact-page.md). */
export function PublicContact() {
  const { t } = useTranslation();
  usePageTitle(t('kf.contact.title'));
  const page = useContactPage();
  const signedIn = !!useMe().data;
  // The help center's "Contact support" says which language was being read.
  const linkLang = useSearchParams()[0].get('lang');
  useEffect(() => adoptLanguage(linkLang), [linkLang]);
  return (
    <div className="portal">
      <header className="app-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            客
          </span>
          <span className="brand-name">{t('common.product')}</span>
        </span>
        <div className="header-right">
          <LanguageSwitch />
          <Link to="/signin" className="btn btn-ghost btn-sm">
            {t('auth.sign_in')}
          </Link>
        </div>
      </header>
      <main className="page page-narrow" id="main">
        <h1>{t('kf.contact.title')}</h1>
        <p className="muted">{t('kf.contact.public_intro')}</p>
        <StatusFirst banner />
        <QueryView query={page}>
          {(p) => (
            <div className="stack">
              {p.guest_form && (
                <p>
                  <Link className="btn btn-primary" to="/contact/new">
                    {t('kf.contact.file_without_account')}
                  </Link>
                </p>
              )}
              {p.standard_hours && <StandardHours std={p.standard_hours} />}
              {p.channels.map((c) => (
                <ChannelCard key={c.key} channel={c} showPlan={signedIn} />
              ))}
              <WillNotDo items={p.will_not_do} />
            </div>
          )}
        </QueryView>
      </main>
    </div>
  );
}
