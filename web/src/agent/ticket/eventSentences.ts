import type { TicketEvent } from '../../api/types.ts';

type T = (key: string, o?: Record<string, unknown>) => string;

/**
 * Every type of ticket event the server records (server: ticketRepository.insertEvent and the
 * ticket-creation insert). Each has its own sentence below; a unit test checks this list against
 * the server's source and checks both languages, so a new event type cannot reach the history as a
 * raw key.
 */
export const EVENT_TYPES = [
  'ticket.created',
  'message.added',
  'ticket.updated',
  'ticket.merged',
  'ticket.split',
  'ticket.linked',
  'ticket.unlinked',
  'ticket.reminded',
  'sla.warning',
  'sla.breached',
  'incident.consumed',
  'email.failed',
  'security.requester_verified',
  'security.verification_failed',
  'security.verification_locked',
  'requester.merged',
  'ticket.status_incident_linked',
  'ticket.status_incident_unlinked',
  'satisfaction.rated',
] as const;
export type KnownEventType = (typeof EVENT_TYPES)[number];

const FIELDS = new Set([
  'status',
  'priority',
  'assignee_id',
  'group_id',
  'tags',
  'subject',
  'category',
  'fields',
  'asset_id',
  'snoozed_until',
]);

export interface EventWords {
  t: T;
  /** A field's value in words: a status name, a person's or group's name. */
  value: (field: string, v: unknown) => string;
  /** A time in the viewer's language and zone. */
  dateTime: (v: string) => string;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The sentences (one per line) a history entry reads as, in the viewer's language. */
export function describeEvent(e: Pick<TicketEvent, 'type' | 'data'>, w: EventWords): string[] {
  const { t, value } = w;
  const d = e.data ?? {};
  const metric = () => t(`sla.metric.${str(d.metric)}`, { defaultValue: str(d.metric) });
  const policy = () => str(d.policy) || t('events.a_policy');
  const type = e.type as KnownEventType;
  switch (type) {
    case 'ticket.created':
      return [
        t('events.created', {
          priority: str(d.priority),
          channel: t(`channel.${str(d.channel ?? 'web')}`, { defaultValue: str(d.channel) }),
        }),
      ];
    case 'message.added': {
      const lines = [
        d.internal
          ? t('events.note_added')
          : d.author_role === 'customer'
            ? t('events.customer_replied')
            : d.author_role === 'system'
              ? t('events.system_message')
              : t('events.replied'),
      ];
      if (Array.isArray(d.status))
        lines.push(t('events.change', { field: t('ticket.status'), from: value('status', d.status[0]), to: value('status', d.status[1]) }));
      return lines;
    }
    case 'ticket.updated': {
      const changes = (d.changes ?? {}) as Record<string, [unknown, unknown]>;
      const lines = Object.entries(changes).map(([k, [from, to]]) => {
        const field = FIELDS.has(k) ? t(`events.field.${k}`) : k;
        if (k === 'snoozed_until') return to ? t('events.snoozed', { time: w.dateTime(str(to)) }) : t('events.unsnoozed');
        if (k === 'subject' || k === 'fields') return t('events.set', { field, to: k === 'fields' ? t('events.changed') : value(k, to) });
        return t('events.change', { field, from: value(k, from), to: value(k, to) });
      });
      // A lifecycle rule, not a person, made the change: say which, first.
      return d.rule ? [t(`events.rule.${str(d.rule)}`, { defaultValue: str(d.rule) }), ...lines] : lines;
    }
    case 'ticket.reminded':
      return [t('events.reminded', { days: str(d.after_days ?? '?') })];
    // People know tickets by number (#1006), never by the internal id; the API adds the numbers.
    case 'ticket.merged':
      return [
        d.into
          ? t('events.merged_into', { number: str(d.into_number ?? '?') })
          : t('events.merged_from', { number: str(d.from_number ?? '?') }),
      ];
    case 'ticket.split':
      return [
        d.into
          ? t('events.split_into', { number: str(d.into_number ?? '?') })
          : t('events.split_from', { number: str(d.from_number ?? '?') }),
      ];
    case 'ticket.linked':
      return [
        t(`events.linked_${str(d.kind || 'related')}`, {
          number: str(d.other_number ?? '?'),
          defaultValue: t('events.linked_related', { number: str(d.other_number ?? '?') }),
        }),
      ];
    case 'ticket.unlinked':
      return [t('events.unlinked', { number: str(d.other_number ?? '?') })];
    case 'sla.warning':
      return [t('events.sla_warning', { metric: metric(), policy: policy(), time: d.due_at ? w.dateTime(str(d.due_at)) : '?' })];
    case 'sla.breached':
      return [t('events.sla_breached', { metric: metric(), policy: policy(), time: d.due_at ? w.dateTime(str(d.due_at)) : '?' })];
    case 'incident.consumed':
      return [t(d.automatic ? 'events.incident_automatic' : 'events.incident_charged', { n: str(d.balance ?? '?') })];
    case 'email.failed':
      return [
        t(d.status === 'bounced' ? 'events.email_bounced' : 'events.email_failed', {
          to: Array.isArray(d.to) ? d.to.join(', ') : str(d.to) || '?',
        }),
      ];
    case 'security.requester_verified':
      return [
        t(d.method === 'authenticator_app' ? 'events.verified_app' : 'events.verified_code', {
          time: d.verified_until ? w.dateTime(str(d.verified_until)) : '?',
        }),
      ];
    case 'security.verification_failed':
      return [t(d.reason === 'replayed' ? 'events.verification_replayed' : 'events.verification_failed', { n: str(d.failures ?? '?') })];
    case 'security.verification_locked':
      return [t('events.verification_locked', { time: d.locked_until ? w.dateTime(str(d.locked_until)) : '?' })];
    case 'requester.merged':
      return [t('events.requester_merged', { from: str(d.from_name) || `#${str(d.from)}`, into: str(d.into_name) || `#${str(d.into)}` })];
    case 'ticket.status_incident_linked':
      return [t('events.status_incident_linked', { title: str(d.title) || `#${str(d.incident_id)}` })];
    case 'ticket.status_incident_unlinked':
      return [t('events.status_incident_unlinked')];
    // The requester's rating (docs/satisfaction.md); the history is staff-only, so the comment is shown.
    case 'satisfaction.rated': {
      const lines = [
        t(d.previous ? 'events.satisfaction_changed' : 'events.satisfaction_rated', {
          score: str(d.score),
          previous: str(d.previous),
          label: t(`satisfaction.score.${str(d.score)}`, { defaultValue: '' }),
        }),
      ];
      if (d.comment) lines.push(t('events.satisfaction_comment', { comment: str(d.comment) }));
      return lines;
    }
    default:
      return [t('events.other', { type: e.type })];
  }
}
