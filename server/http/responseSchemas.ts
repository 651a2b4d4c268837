import type { Readable } from 'node:stream';
import { z } from 'zod';
import { PRIORITIES, STATUSES } from '../domain/tickets/ticket.ts';

/**
 * Response schemas shared by the routes (see docs/ARCHITECTURE.md, "API schemas").
 *
 * The serializer (fastify-type-provider-zod) *encodes* every answer with its schema: an answer that
 * does not match fails the request with a 500, and keys a plain `z.object` does not name are dropped.
 * So records are loose objects (unnamed keys pass through: presenters and enrichers add fields),
 * enums are exact only where the database guarantees them, and anything the database may hold as
 * null is nullable. These schemas describe the answers for the OpenAPI document (and the web app's
 * generated types); they are not a filter.
 */

/** A time: answered as an ISO 8601 string; a handler may still hold a Date (JSON.stringify writes the ISO form). */
export const timestamp = z
  .custom<string | Date>((v) => typeof v === 'string' || v instanceof Date, 'expected a date-time')
  .meta({ type: 'string', format: 'date-time' } as Record<string, unknown>);
export const nullableTimestamp = timestamp.nullable();
export const id = z.number().int();
/**
 * Erases a schema's static output type to "an object". For answers whose TypeScript type is looser than
 * the JSON (the ticket presenter is typed `Record<string, unknown>`, its times `unknown`) or an interface
 * (no index signature, so not assignable to a loose object): the runtime check and the OpenAPI document
 * still use the full schema; only the compile-time check of the handler's return is relaxed.
 */
export const asRecord = <T extends z.ZodType>(s: T) => s as unknown as z.ZodType<object>;

/** Any JSON object: for answers whose shape is the module's own (admin areas); every key passes through. */
export const anyObject = z.looseObject({});
const file = z.custom<string | Uint8Array | Readable>(() => true).meta({ type: 'string', format: 'binary' } as Record<string, unknown>);
/** A non-JSON answer (a download, a stream) in the given media types; never passed through the JSON serializer. */
export const fileResponse = (description: string, ...types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: file }])),
});
/** `204 No Content`. */
export const noContent = z.undefined();
export const okResponse = z.looseObject({ ok: z.boolean() });

export const errorResponse = z
  .object({
    error: z.looseObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .meta({ description: 'The one error shape: {"error":{"code","message","details"}}' });

/** The page envelope of every list: `{data, next_cursor}` (next_cursor null on the last page). */
export const page = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item), next_cursor: z.string().nullable() });
/** A list without pagination (`next_cursor` absent or always null). */
export const list = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item), next_cursor: z.string().nullable().optional() });

export const role = z.enum(['customer', 'agent', 'admin']);
export const ticketStatus = z.enum(STATUSES);
export const ticketPriority = z.enum(PRIORITIES);

export const personEmail = z.looseObject({ email: z.string(), primary: z.boolean(), verified: z.boolean() });
export const person = z.looseObject({
  id,
  name: z.string(),
  email: z.string().nullable(),
  emails: z.array(personEmail),
  role,
  organization_id: id.nullable(),
  locale: z.string(),
  timezone: z.string().nullable(),
  active: z.boolean(),
  has_password: z.boolean(),
  status: z.enum(['active', 'invited', 'deactivated']).describe("'invited': no password yet and an invitation was issued"),
  invitation_expires_at: nullableTimestamp,
  locked_until: nullableTimestamp.describe('When the sign-in throttle locked the account, until when'),
  merged_into_id: id.nullable().optional().describe('A merged-away person (a tombstone) names the person it was merged into'),
  created_at: timestamp,
  updated_at: timestamp,
  invitation_url: z.string().nullable().optional().describe('Only when the person was just created'),
});
/** GET /me: the person, or the local operator (no account: `id` null, `system` true). */
export const me = asRecord(
  z.union([
    person,
    z.looseObject({ id: z.null(), name: z.string(), role, system: z.literal(true) }).describe('The local operator (no account)'),
  ]),
);

/** A record the ticket names by its foreign key (present whenever the key is, so the name is never null). */
const ref = z.looseObject({ id, name: z.string() });
export const policyKind = z.enum(['sla', 'slo']);
export const slaMetricState = z.looseObject({
  metric: z.string(),
  status: z.string(),
  target_minutes: z.number(),
  calendar_id: z.number(),
  due_at: nullableTimestamp,
  started_at: nullableTimestamp,
  stopped_at: nullableTimestamp,
  breached_at: nullableTimestamp,
  business_minutes: z.number(),
});
export const ticketSla = z.looseObject({
  policy: z.looseObject({
    id: z.number(),
    name: z.string(),
    display_name: z.record(z.string(), z.string()).nullable().describe("The policy's name by language, where set"),
    kind: policyKind,
  }),
  kind: policyKind,
  reason: z.unknown(),
  metrics: z.array(slaMetricState),
});
export const slaClock = z
  .looseObject({
    metric: z.string(),
    due_at: timestamp,
    running: z.boolean().describe("the clock's business hours are open now: it is counting"),
    pauses_at: nullableTimestamp.describe('counting, and its hours close before the due instant: it stops then'),
    resumes_at: nullableTimestamp.describe('when it counts again: the next opening after now (stopped) or after pauses_at'),
    remaining_ms_at_resume: z
      .number()
      .nullable()
      .describe('business time left (ms) when it resumes at resumes_at; it holds this while stopped'),
  })
  .describe('The clock behind sla_next_breach_at, read from its calendar when the answer was made (docs/sla.md, "The countdown")');
export const queueReason = z.looseObject({ key: z.string(), params: z.record(z.string(), z.unknown()) });
export const ticket = asRecord(
  z.looseObject({
    id,
    number: z.number().int(),
    subject: z.string(),
    status: ticketStatus,
    priority: ticketPriority,
    category: z.string().nullable(),
    channel: z.string(),
    requester_id: id,
    requester: z.looseObject({ id, name: z.string(), email: z.string().nullable() }),
    organization_id: id.nullable(),
    organization: ref.nullable(),
    asset_id: id.nullable(),
    asset: z.looseObject({ id, kind: z.string(), name: z.string() }).nullable(),
    assignee_id: id.nullable(),
    assignee: ref.nullable(),
    group_id: id.nullable(),
    group: ref.nullable(),
    tags: z.array(z.string()),
    fields: z.record(z.string(), z.unknown()),
    custom_fields: z
      .record(z.string(), z.unknown())
      .describe('values of the custom ticket fields by key (docs/custom-fields.md); sensitive ones withheld like `fields`'),
    plan_id: id.nullable(),
    plan: z.looseObject({ id, name: z.string(), rank: z.number() }).nullable(),
    merged_into_id: id.nullable(),
    merged_into_number: z.number().int().nullable().describe('The number of the ticket this one was merged into'),
    message_count: z.number().int(),
    first_response_at: nullableTimestamp,
    created_at: timestamp,
    updated_at: timestamp,
    solved_at: nullableTimestamp,
    closed_at: nullableTimestamp,
    status_incident_id: id.nullable().optional().describe('the status incident this ticket is about (docs/status.md)'),
    external_id: z
      .string()
      .nullable()
      .optional()
      .describe("staff only: the ticket's id in the system it was imported from (docs/exports.md)"),
    satisfaction: z
      .looseObject({ score: z.number().int(), comment: z.string().nullable(), rated_at: timestamp })
      .nullable()
      .optional()
      .describe(
        "The requester's rating (docs/satisfaction.md): staff and the requester on GET /tickets/{id}; absent for the requester while surveys are off",
      ),
    first_response_due_at: nullableTimestamp,
    next_response_due_at: nullableTimestamp,
    resolution_due_at: nullableTimestamp,
    sla_next_breach_at: nullableTimestamp,
    sla_clock: slaClock.nullable(),
    sla: ticketSla.nullable(),
    queue_reason: queueReason.nullable(),
    verification: z
      .looseObject({
        required: z.boolean(),
        verified: z.boolean(),
        verified_until: z.string().nullable(),
        withheld_fields: z
          .array(z.string())
          .optional()
          .describe('The keys of `fields` left out of this answer until verification (empty when nothing is)'),
      })
      .optional()
      .describe('Whether the requester must be and is verified (sensitive fields are withheld from staff until then)'),
    sender_verified: z.boolean().optional().describe('false: opened by a mail that claims a registered sender without proof'),
  }),
);

export const attachmentMeta = z.looseObject({ id, filename: z.string(), content_type: z.string(), size: z.number() });
export const message = asRecord(
  z.looseObject({
    id,
    ticket_id: id,
    internal: z.boolean(),
    channel: z.string(),
    author: z.looseObject({ id, name: z.string().nullable(), role: role.nullable() }).nullable(),
    body: z.string(),
    html: z.string(),
    rich: z.boolean().optional().describe('written as HTML (mail, formatting): GET /messages/{id}/html renders it'),
    remote_images: z.boolean().optional().describe('the HTML names remote images, which are not loaded unless asked for'),
    attachments: z.array(attachmentMeta),
    created_at: timestamp,
    sender_verified: z.boolean().describe('false: a mail that claims a registered sender (or staff) without proof'),
  }),
);
export const ticketEvent = asRecord(
  z.looseObject({
    id,
    ticket_id: id,
    type: z.string(),
    actor: ref.nullable(),
    data: z.record(z.string(), z.unknown()),
    created_at: timestamp,
  }),
);

export const organization = asRecord(
  z.looseObject({
    id,
    name: z.string(),
    plan_id: id.nullable(),
    plan: z.looseObject({ id, key: z.string(), name: z.string() }).nullable(),
    addons: z.array(z.string()),
    email_domains: z.array(z.string()),
    notes: z.string().optional().describe('Staff only'),
    incident_balance: z.number(),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);
export const asset = z.looseObject({ id, organization_id: id, kind: z.string(), name: z.string(), created_at: timestamp });
export const group = z.looseObject({ id, name: z.string(), description: z.string(), member_ids: z.array(id), created_at: timestamp });
export const plan = z.looseObject({
  id,
  key: z.string(),
  name: z.string(),
  rank: z.number(),
  settings: z.record(z.string(), z.unknown()),
  created_at: timestamp,
});
export const apiToken = z.looseObject({
  id,
  person_id: id,
  name: z.string(),
  prefix: z.string(),
  created_at: timestamp,
  last_used_at: nullableTimestamp,
  expires_at: nullableTimestamp,
  revoked_at: nullableTimestamp,
  token: z.string().optional().describe('Only in the answer that created it'),
});
export const session = z.looseObject({
  id,
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  created_at: timestamp,
  last_seen_at: timestamp,
  expires_at: timestamp,
  current: z.boolean(),
});
