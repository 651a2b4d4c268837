import { useTranslation } from 'react-i18next';
import type { Channel } from '../../api/types.ts';
import { useFormat } from '../../components/format.ts';
import { ChannelHours } from './ChannelHours.tsx';

/** One way to reach support: open or closed now, whether the plan includes it, and its hours. */
export function ChannelCard({ channel: c }: { channel: Channel }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <article className="card" data-testid={`channel-${c.key}`}>
      <h3>{c.name}</h3>
      <div className="row-gap">
        {c.open_now ? (
          <span className="badge ok">{t('kf.channel.open_now')}</span>
        ) : (
          <span className="badge">
            {c.next_open_at ? t('kf.channel.opens', { time: f.dateTime(c.next_open_at) }) : t('kf.channel.closed')}
          </span>
        )}
        {c.entitled ? (
          <span className="badge subtle ok">{t('kf.channel.included')}</span>
        ) : (
          <span className="badge note">{t('kf.channel.not_included')}</span>
        )}
      </div>
      {c.contact && <p className="mono small">{c.contact}</p>}
      <ChannelHours hours={c.hours} />
    </article>
  );
}
