import type { Queryable } from '../../db/client.ts';

export interface WebhookRow {
  id: number;
  name: string;
  url: string;
  secret_sealed: string;
  events: string[];
  active: boolean;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: number | null;
  ticket_id: number | null;
  event_type: string;
  status: 'queued' | 'sending' | 'delivered' | 'failed' | 'cancelled';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: Date;
  finished_at: Date | null;
}

/** A delivery as listed, with what its newest job schedules (null when it has none). */
export interface ListedDeliveryRow extends DeliveryRow {
  /** The queue's next run of the delivery's job, while both wait. */
  next_attempt_at: Date | null;
  /** The delivery's attempt number at which its job gives up (attempts already counted, plus what the job allows). */
  max_attempts: number | null;
}

const DELIVERY_COLUMNS = `id, webhook_id, event_id, ticket_id, event_type, status, attempts, last_status_code, last_error,
  last_duration_ms, created_at, finished_at`;

export const webhookRepository = {
  async list(q: Queryable) {
    return q.query<WebhookRow>(`select * from webhooks order by id limit 200`);
  },
  async get(q: Queryable, id: number) {
    return (await q.query<WebhookRow>(`select * from webhooks where id = $1`, [id]))[0] ?? null;
  },
  async count(q: Queryable) {
    return (await q.query<{ n: number }>(`select count(*)::int as n from webhooks`))[0].n;
  },
  async insert(q: Queryable, w: { name: string; url: string; secretSealed: string; events: string[]; createdBy: number | null }) {
    return (
      await q.query<WebhookRow>(
        `insert into webhooks (name, url, secret_sealed, events, created_by) values ($1, $2, $3, $4, $5) returning *`,
        [w.name, w.url, w.secretSealed, w.events, w.createdBy],
      )
    )[0];
  },
  async update(
    q: Queryable,
    id: number,
    patch: Partial<{ name: string; url: string; events: string[]; active: boolean; secret_sealed: string }>,
  ) {
    const keys = Object.keys(patch) as Array<keyof typeof patch>;
    if (!keys.length) return this.get(q, id);
    const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
    return (
      (
        await q.query<WebhookRow>(`update webhooks set ${sets}, updated_at = now() where id = $1 returning *`, [
          id,
          ...keys.map((k) => patch[k]),
        ])
      )[0] ?? null
    );
  },
  async remove(q: Queryable, id: number) {
    return (await q.query(`delete from webhooks where id = $1 returning id`, [id])).length > 0;
  },
  /** Deliveries still waiting are cancelled when their webhook is switched off. */
  async cancelWaiting(q: Queryable, webhookId: number) {
    await q.query(
      `update webhook_deliveries set status = 'cancelled', finished_at = now(), sending_by = null, sending_until = null
        where webhook_id = $1 and status = 'queued'`,
      [webhookId],
    );
  },
  /**
   * Newest first, keyset on id; each with its newest job (an index probe per row, in this one query):
   * when the queue runs it next and at which attempt it gives up.
   */
  async deliveries(q: Queryable, webhookId: number, o: { before: number | null; limit: number }) {
    return q.query<ListedDeliveryRow>(
      `select d.*,
              case when d.status = 'queued' and j.status = 'queued' then j.run_at end as next_attempt_at,
              case when j.id is not null then greatest(d.attempts, d.attempts - j.attempts + j.max_attempts) end as max_attempts
         from (select ${DELIVERY_COLUMNS} from webhook_deliveries
                where webhook_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3) d
         left join lateral (
           select id, status, run_at, attempts, max_attempts from jobs
            where name = 'webhook.deliver' and (payload ->> 'delivery_id')::bigint = d.id
            order by id desc limit 1) j on true
        order by d.id desc`,
      [webhookId, o.before, o.limit],
    );
  },
  async delivery(q: Queryable, id: number) {
    return (await q.query<DeliveryRow>(`select ${DELIVERY_COLUMNS} from webhook_deliveries where id = $1`, [id]))[0] ?? null;
  },
  /** A failed or cancelled delivery waits again (its attempts are kept); null when it is not one of those. */
  async requeue(q: Queryable, webhookId: number, id: number) {
    return (
      (
        await q.query<{ id: number }>(
          `update webhook_deliveries set status = 'queued', finished_at = null
          where id = $1 and webhook_id = $2 and status in ('failed', 'cancelled') returning id`,
          [id, webhookId],
        )
      )[0] ?? null
    );
  },
  async insertTest(q: Queryable, webhookId: number) {
    return (
      await q.query<{ id: number }>(`insert into webhook_deliveries (webhook_id, event_type) values ($1, 'webhook.test') returning id`, [
        webhookId,
      ])
    )[0].id;
  },
  /**
   * Marks a delivery as being sent by `owner` until `seconds` from now, if it is waiting or its previous
   * sender's mark expired (that sender died mid-send). Null when it is not there to send.
   */
  async startSending(q: Queryable, id: number, owner: string, seconds: number) {
    return (
      (
        await q.query<DeliveryRow>(
          `update webhook_deliveries set status = 'sending', sending_by = $2, sending_until = now() + make_interval(secs => $3::int)
          where id = $1 and (status = 'queued' or (status = 'sending' and sending_until < now()))
          returning ${DELIVERY_COLUMNS}`,
          [id, owner, seconds],
        )
      )[0] ?? null
    );
  },
  /** The outcome of one attempt, only while `owner` still holds the delivery. */
  async finishAttempt(
    q: Queryable,
    id: number,
    owner: string,
    o: { status: 'queued' | 'delivered' | 'failed' | 'cancelled'; code: number | null; error: string | null; durationMs: number | null },
  ) {
    const rows = await q.query<{ attempts: number }>(
      `update webhook_deliveries set status = $3, attempts = attempts + 1, last_status_code = $4, last_error = $5,
              last_duration_ms = $6, sending_by = null, sending_until = null,
              finished_at = case when $3 = 'queued' then null else now() end
        where id = $1 and sending_by = $2 returning attempts`,
      [id, owner, o.status, o.code, o.error?.slice(0, 500) ?? null, o.durationMs],
    );
    return rows[0]?.attempts ?? null;
  },
  /** What a delivery's body says about its event and ticket, in one query. */
  async eventFacts(q: Queryable, eventId: number) {
    return (
      (
        await q.query<{
          id: number;
          type: string;
          actor_id: number | null;
          data: Record<string, unknown>;
          created_at: Date;
          ticket_id: number;
          number: number;
          subject: string;
          status: string;
          priority: string;
          category: string | null;
          channel: string;
          requester_id: number;
          organization_id: number | null;
          assignee_id: number | null;
          group_id: number | null;
          tags: string[];
          ticket_created_at: Date;
          ticket_updated_at: Date;
        }>(
          `select e.id, e.type, e.actor_id, e.data, e.created_at, t.id as ticket_id, t.number, t.subject, t.status, t.priority,
                t.category, t.channel, t.requester_id, t.organization_id, t.assignee_id, t.group_id, t.tags,
                t.created_at as ticket_created_at, t.updated_at as ticket_updated_at
           from ticket_events e join tickets t on t.id = e.ticket_id where e.id = $1`,
          [eventId],
        )
      )[0] ?? null
    );
  },
  async message(q: Queryable, id: number) {
    return (
      (
        await q.query<{ id: number; author_id: number | null; internal: boolean; channel: string; body_text: string; created_at: Date }>(
          `select id, author_id, internal, channel, body_text, created_at from messages where id = $1`,
          [id],
        )
      )[0] ?? null
    );
  },
};
