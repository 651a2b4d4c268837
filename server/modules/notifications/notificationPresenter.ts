import type { NotificationKind } from '../../domain/notifications/decide.ts';
import { t } from '../../i18n/index.ts';
import type { NotificationRow, TextParams } from './notificationRepository.ts';

const METRICS = new Set(['first_response', 'next_response', 'resolution']);

/** A notification's line in the reader's language, e.g. "Li Lei replied on #1000: Login broken". */
export function notificationText(locale: string, kind: NotificationKind, p: TextParams): string {
  const params = {
    number: p.number,
    subject: p.subject,
    actor: p.actor || t(locale, 'notifications.someone'),
    group: p.group || t(locale, 'notifications.no_group'),
    metric: t(locale, `notifications.metric.${p.metric && METRICS.has(p.metric) ? p.metric : 'other'}`),
    score: p.score ?? '?',
    from: p.merged_from ?? '?',
  };
  const key =
    kind === 'assigned' && !p.actor
      ? 'assigned_system'
      : kind === 'customer_replied' && p.merged_from != null
        ? 'customer_replied_merge'
        : kind;
  return t(locale, `notifications.text.${key}`, params);
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentNotification(n: NotificationRow, locale: string) {
  // ticket_number: the number the ticket had at the event (numbers do not change), for links to /agent/tickets/<number>.
  return {
    id: n.id,
    kind: n.kind,
    ticket_id: n.ticket_id,
    ticket_number: n.text_params?.number ?? null,
    text: notificationText(locale, n.kind, n.text_params),
    read_at: iso(n.read_at),
    created_at: new Date(n.created_at).toISOString(),
  };
}
