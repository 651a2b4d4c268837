import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Person } from '../../api/types.ts';
import { errorText } from '../../components/ErrorBanner.tsx';

/**
 * A person's addresses, each verified or not, the primary one first. Editors add an address (stored
 * unverified; Kefu mails it a verification link) or remove a secondary one. On one's own profile,
 * adding asks for the current password: an address receives password-reset links.
 */
export function Addresses({ person: p, editable, self = false }: { person: Person; editable: boolean; self?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [adding, setAdding] = useState('');
  const [password, setPassword] = useState('');
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Person>(`/people/${p.id}`, body),
    onSuccess: (next) => {
      qc.setQueryData(['person', p.id], next);
      setAdding('');
      setPassword('');
    },
  });
  return (
    <section className="panel" aria-labelledby="person-addresses">
      <h2 className="panel-title" id="person-addresses">
        {t('people.addresses')}
      </h2>
      {p.emails.length ? (
        <ul className="plain addresses" data-testid="addresses">
          {p.emails.map((e) => (
            <li key={e.email}>
              <span className="mono addr">{e.email}</span>
              <span className="row-gap">
                {e.primary && <span className="badge subtle">{t('people.primary')}</span>}
                <span className={`badge${e.verified ? ' ok' : ' warn'}`}>{t(e.verified ? 'people.verified' : 'people.unverified')}</span>
                {editable && !e.primary && (
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    onClick={() => patch.mutate({ remove_emails: [e.email] })}
                    disabled={patch.isPending}
                    aria-label={t('people.remove_address', { email: e.email })}
                  >
                    {t('common.remove')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('people.no_address')}</p>
      )}
      {editable && (
        <form
          className={self ? 'inline-add with-password' : 'inline-add'}
          onSubmit={(e) => {
            e.preventDefault();
            if (adding.trim())
              patch.mutate(self ? { add_emails: [adding.trim()], current_password: password } : { add_emails: [adding.trim()] });
          }}
        >
          <input
            type="email"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            placeholder={t('people.add_address_placeholder')}
            aria-label={t('people.add_address')}
          />
          {self && (
            <input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              placeholder={t('people.add_address_password')}
              aria-label={t('people.add_address_password')}
            />
          )}
          <button type="submit" className="btn btn-sm" disabled={patch.isPending || !adding.trim() || (self && !password)}>
            {t('people.add_address')}
          </button>
        </form>
      )}
      {editable && <p className="muted small">{t(self ? 'people.add_address_hint_self' : 'people.add_address_hint')}</p>}
      {patch.isError && (
        <div className="field-msg" role="alert">
          {errorText(patch.error, t)}
        </div>
      )}
    </section>
  );
}
