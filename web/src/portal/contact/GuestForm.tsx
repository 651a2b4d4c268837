import { ArticleSolved, ArticleSuggestions } from '../../components/ArticleSuggestions.tsx';
import type { ArticleHit } from '../../api/kb.ts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { ErrorBanner, fieldErrorFor } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { StatusFirst } from '../../status/StatusFirst.tsx';
import { AuthLayout } from '../auth/AuthLayout.tsx';

interface GuestFormInfo {
  enabled: boolean;
  categories: string[];
  limits: { name: number; subject: number; body: number };
}

const EMPTY = { name: '', email: '', subject: '', body: '', category: '', website: '' };

/**
 * A request without an account (docs/guest-tickets.md): the answer never carries the ticket or its
 * link; the acknowledgement mail does, so only the mailbox's owner can follow it.
 */
export function GuestForm() {
  const { t, i18n } = useTranslation();
  const info = useQuery({ queryKey: ['guest-form'], queryFn: () => api.get<GuestFormInfo>('/public/guest-form') });
  const [form, setForm] = useState(EMPTY);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [solved, setSolved] = useState<ArticleHit | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  // The API's field names said with this form's labels ("邮箱地址：…", not "email：…"), and each message under its field.
  const labels = {
    name: t('guest_form.name'),
    email: t('guest_form.email'),
    category: t('guest_form.category'),
    subject: t('guest_form.subject'),
    body: t('guest_form.body'),
  };
  return (
    <AuthLayout
      title={t('guest_form.title')}
      subtitle={sentTo || info.data?.enabled === false ? undefined : t('guest_form.subtitle')}
      footer={
        <span className="row-gap">
          <Link to="/signin">{t('guest_form.have_account')}</Link>
          <Link to="/contact">{t('guest_form.other_channels')}</Link>
        </span>
      }
    >
      {solved ? (
        <ArticleSolved article={solved} onBack={() => setSolved(null)} />
      ) : sentTo ? (
        <div className="notice" role="status" data-testid="guest-sent">
          <Icon name="mail" /> {t('guest_form.sent', { email: sentTo })}
        </div>
      ) : (
        <>
          <StatusFirst banner />
          <QueryView query={info}>
            {(g) =>
              !g.enabled ? (
                <div className="notice" role="status" data-testid="guest-disabled">
                  {t('guest_form.disabled')}
                </div>
              ) : g.categories.length === 0 ? (
                <div className="notice" role="status">
                  {t('guest_form.no_categories')}
                </div>
              ) : (
                <form
                  className="stack"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    setBusy(true);
                    setError(null);
                    try {
                      await api.post('/public/tickets', { ...form, locale: i18n.language?.startsWith('zh') ? 'zh-CN' : 'en' });
                      setSentTo(form.email.trim());
                      setForm(EMPTY);
                    } catch (x) {
                      setError(x);
                    } finally {
                      setBusy(false);
                    }
                  }}
                >
                  {error ? <ErrorBanner error={error} fields={labels} /> : null}
                  <Field label={labels.name} error={fieldErrorFor(error, 'name')}>
                    {(p) => (
                      <input
                        {...p}
                        name="name"
                        autoComplete="name"
                        required
                        maxLength={g.limits.name}
                        value={form.name}
                        onChange={set('name')}
                      />
                    )}
                  </Field>
                  <Field label={labels.email} hint={t('guest_form.email_hint')} error={fieldErrorFor(error, 'email')}>
                    {(p) => (
                      <input
                        {...p}
                        name="email"
                        type="email"
                        autoComplete="email"
                        required
                        maxLength={254}
                        value={form.email}
                        onChange={set('email')}
                      />
                    )}
                  </Field>
                  <Field label={labels.category} error={fieldErrorFor(error, 'category')}>
                    {(p) => (
                      <select {...p} name="category" required value={form.category} onChange={set('category')}>
                        <option value="">{t('guest_form.pick_category')}</option>
                        {g.categories.map((c) => (
                          <option key={c} value={c}>
                            {t(`category.${c}.name`, { defaultValue: c })}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={labels.subject} error={fieldErrorFor(error, 'subject')}>
                    {(p) => (
                      <input {...p} name="subject" required maxLength={g.limits.subject} value={form.subject} onChange={set('subject')} />
                    )}
                  </Field>
                  {/* Articles that may answer it: "This solved it" ends here, counted as a deflection (docs/help-center.md). */}
                  <ArticleSuggestions query={form.subject} onSolved={setSolved} />
                  <Field
                    label={labels.body}
                    hint={t('guest_form.body_hint', { max: g.limits.body.toLocaleString(i18n.language) })}
                    error={fieldErrorFor(error, 'body')}
                  >
                    {(p) => (
                      <textarea {...p} name="body" rows={8} required maxLength={g.limits.body} value={form.body} onChange={set('body')} />
                    )}
                  </Field>
                  {/* The honeypot: off-screen, out of the tab order and hidden from screen readers; robots fill it in. */}
                  <div aria-hidden="true" style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}>
                    <label>
                      {t('guest_form.honeypot')}
                      <input name="website" type="text" tabIndex={-1} autoComplete="off" value={form.website} onChange={set('website')} />
                    </label>
                  </div>
                  <p className="muted small">{t('guest_form.privacy')}</p>
                  <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
                    {busy ? t('common.working') : t('guest_form.submit')}
                  </button>
                </form>
              )
            }
          </QueryView>
        </>
      )}
    </AuthLayout>
  );
}
