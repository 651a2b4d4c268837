import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Channel, Hours } from '../../api/types.ts';
import { useFormat } from '../../components/format.ts';
import { ChannelHours, openingText } from './ChannelHours.tsx';

export interface ContactPage {
  channels: Channel[];
  standard_hours: {
    name: string;
    hours: Hours | null;
    open_now: boolean;
    next_open_at: string | null;
    /** Response targets count in these hours. */
    response_times?: boolean;
  } | null;
  will_not_do: string[];
  guest_form: boolean;
}

/** GET /public/contact: channels, the desk's standard hours and what support will not do, for the reader's plan (the default plan when not signed in). */
export const useContactPage = () => {
  // In the UI language: switching it fetches the page again (channel names, purposes, what support will not do).
  const lang = useTranslation().i18n.language;
  return useQuery({ queryKey: ['contact-page', lang], queryFn: () => api.get<ContactPage>('/public/contact') });
};

/** The desk's standard hours, open now or the next opening (docs/contact-page.md). */
export function StandardHours({ std }: { std: NonNullable<ContactPage['standard_hours']> }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card" data-testid="standard-hours" aria-labelledby="std-hours-title">
      <h2 id="std-hours-title">{t('kf.contact.standard_hours')}</h2>
      <p>
        {std.open_now ? (
          <span className="badge ok">{t('kf.channel.open_now')}</span>
        ) : (
          <span className="badge">{openingText(f, t, std.next_open_at, std.hours)}</span>
        )}
      </p>
      <ChannelHours hours={std.hours} />
      {std.response_times && (
        <p className="small" data-testid="response-times-note">
          {std.open_now || !std.next_open_at
            ? t('kf.contact.response_times_open')
            : t('kf.contact.response_times_closed', {
                time: std.hours?.timezone ? f.dateTimeIn(std.next_open_at, std.hours.timezone) : f.dateTime(std.next_open_at),
              })}
        </p>
      )}
    </section>
  );
}

/** What support will not do (the plan's list). */
export function WillNotDo({ items }: { items: string[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <section className="card" aria-labelledby="will-not-do-title" data-testid="will-not-do">
      <h2 id="will-not-do-title">{t('kf.contact.will_not_do')}</h2>
      <ul>
        {items.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
    </section>
  );
}
