import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiError } from '../api/client.ts';
import type { Alternative } from '../api/types.ts';

/** A 403 `not_entitled`: the API's reason and what the requester can do instead. */
export function NotEntitled({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const alts = (error.details as { alternatives?: Alternative[] } | undefined)?.alternatives ?? [];
  return (
    <div className="banner banner-warn" role="alert">
      <div>
        <strong>{t('kf.not_entitled.title')}</strong>
        <p>{error.message}</p>
        {alts.length > 0 && (
          <div className="btn-row">
            <AlternativeLinks alternatives={alts} small />
          </div>
        )}
      </div>
    </div>
  );
}

/** What to do instead of a ticket the plan does not take: the community or GitHub link, or buying a paid incident. */
export function AlternativeLinks({ alternatives, small }: { alternatives: Alternative[]; small?: boolean }) {
  const { t } = useTranslation();
  const cls = small ? 'btn btn-sm' : 'btn';
  return (
    <>
      {alternatives.map((a) =>
        a.kind === 'paid_incident' ? (
          <Link key={a.kind} className={cls} to="/requests/contact#services">
            {t('kf.not_entitled.paid_incident')}
          </Link>
        ) : (
          <a key={a.kind} className={cls} href={a.url} target="_blank" rel="noreferrer">
            {t(a.kind === 'community' ? 'kf.not_entitled.community' : 'kf.not_entitled.github')}
          </a>
        ),
      )}
    </>
  );
}
