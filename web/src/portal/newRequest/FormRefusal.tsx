import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TicketForm } from '../../api/plans.ts';

/** The plan cannot take a ticket here at all (e.g. no help from a person and no paid incident left): why, and what to do instead. */
export function FormRefusal({ form }: { form: TicketForm }) {
  const { t } = useTranslation();
  if (form.can_submit) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="form-refusal">
      <div>
        <strong>{t('kf.not_entitled.title')}</strong>
        <p>{form.refusal?.message}</p>
        <div className="btn-row">
          {form.alternatives.map((a) =>
            a.kind === 'paid_incident' ? (
              <Link key={a.kind} className="btn btn-sm" to="/requests/contact#services">
                {t('kf.not_entitled.paid_incident')}
              </Link>
            ) : (
              <a key={a.kind} className="btn btn-sm" href={a.url} target="_blank" rel="noreferrer">
                {t(a.kind === 'community' ? 'kf.not_entitled.community' : 'kf.not_entitled.github')}
              </a>
            ),
          )}
        </div>
      </div>
    </div>
  );
}
