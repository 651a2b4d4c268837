import { useTranslation } from 'react-i18next';
import type { Channel } from '../../api/types.ts';
import { useFormat } from '../../components/format.ts';
import { ChannelHours, openingText } from './ChannelHours.tsx';

/** One way to reach support: open or closed now, whether the plan includes it (and for which questions), and its hours. */
export function ChannelCard({
  channel: c,
  showPlan = true,
}: {
  channel: Channel;
  /** Whether to say if the reader's plan includes it (not to people who are not signed in). */ showPlan?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <article className="card" data-testid={`channel-${c.key}`}>
      <h3>{c.name}</h3>
      {c.purpose && <p className="small">{c.purpose}</p>}
      <div className="row-gap">
        {c.recommended && <span className="badge ok">{t('kf.channel.recommended')}</span>}
        {c.open_now ? (
          <span className="badge ok">{t('kf.channel.open_now')}</span>
        ) : (
          <span className="badge">{openingText(f, t, c.next_open_at, c.hours)}</span>
        )}
        {!showPlan ? null : c.entitled && c.categories ? (
          <span className="badge subtle ok wrap">
            {t('kf.channel.included_for', {
              categories: c.categories.map((k) => t(`category.${k}.name`, { defaultValue: k })).join(t('kf.channel.list_separator')),
            })}
          </span>
        ) : c.entitled ? (
          <span className="badge subtle ok">{t('kf.channel.included')}</span>
        ) : c.paid_incident ? (
          <span className="badge note wrap" data-testid="paid-incident-channel">
            {t('kf.channel.paid_incident')}
          </span>
        ) : (
          <span className="badge note">{t('kf.channel.not_included')}</span>
        )}
      </div>
      {c.contact && (
        <p className="mono small">
          {c.contact_href ? (
            <a href={c.contact_href} {...(c.contact_href.startsWith('http') ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
              {c.contact}
            </a>
          ) : (
            c.contact
          )}
        </p>
      )}
      {c.image && (
        <img src={c.image} alt={t('kf.channel.image_alt', { name: c.name })} width={160} height={160} style={{ objectFit: 'contain' }} />
      )}
      <ChannelHours hours={c.hours} />
    </article>
  );
}
