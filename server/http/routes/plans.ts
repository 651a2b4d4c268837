import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHANNEL_KEYS } from '../../domain/entitlement/entitlement.ts';
import { listChannels } from '../../modules/channels/listChannels.ts';
import { updateChannel } from '../../modules/channels/updateChannel.ts';
import { consumeIncident } from '../../modules/incidents/consumeIncident.ts';
import { listPurchases, listServices, recordPurchase, saveService } from '../../modules/incidents/purchases.ts';
import { listPlans } from '../../modules/plans/listPlans.ts';
import { createPlan, getPlan, updatePlan } from '../../modules/plans/plans.ts';
import { getTicketForm } from '../../modules/plans/ticketForm.ts';
import { planHistory } from '../../modules/organizations/planHistory.ts';
import { who, type AppContext } from '../context.ts';
import { anyObject, asRecord, errorResponse, id, list, nullableTimestamp, page, plan, timestamp } from '../responseSchemas.ts';
import { idParam, isoDateTime, pageQuery, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };
const localizedOut = z.record(z.string(), z.string());
const service = z.looseObject({
  key: z.string(),
  name: localizedOut,
  description: localizedOut,
  price_cents: z.number(),
  currency: z.string(),
  counts_as_incident: z.boolean(),
  active: z.boolean(),
});
const purchase = z.looseObject({
  id,
  organization_id: id,
  service: z.string(),
  quantity: z.number().int(),
  remaining: z.number().int(),
  order_ref: z.string(),
  marketplace: z.string().nullable(),
  expires_at: nullableTimestamp,
  created_at: timestamp,
});
const channel = asRecord(
  z.looseObject({
    key: z.string(),
    name: z.string(),
    contact: z.string().nullable(),
    entitled: z.boolean(),
    categories: z
      .array(z.string())
      .nullable()
      .describe("The ticket categories the reader's plan limits this channel to (Free: billing, account, 2fa, abuse); null: any"),
    paid_incident: z
      .boolean()
      .describe(
        "A request here uses one of the organization's paid incidents: the reader's plan lists the channel but includes no help from a person",
      ),
    open_now: z.boolean(),
    next_open_at: z.string().nullable(),
    contact_href: z.string().nullable().describe('tel:, mailto: or https: link for the contact; null for plain text (a group number)'),
    purpose: z.string().nullable().describe("What the channel is for, in the reader's language"),
    image: z.string().nullable().describe('A data URL (e.g. a WeChat group QR code)'),
    recommended: z.boolean().describe("The reader's plan recommends this channel"),
    names: localizedOut.optional().describe('Staff only: the name in every language'),
    purposes: localizedOut.optional().describe('Staff only: the purpose in every language'),
    calendar_id: z.number().int().nullable().optional().describe('Staff only: the calendar of the hours'),
    reachable: z
      .boolean()
      .optional()
      .describe(
        'Staff only: customers see this channel (the web portal, or a channel with a contact or an image); customers are not sent the others',
      ),
    hours: z
      .looseObject({ timezone: z.string(), weekly: z.record(z.string(), z.array(z.array(z.string()).describe('[from, to], local HH:MM'))) })
      .nullable()
      .describe("The calendar of the channel's hours, or null when always open"),
  }),
);
const planHistoryRow = z.looseObject({
  plan_id: id.nullable(),
  plan_name: z.string().nullable(),
  addons: z.array(z.string()),
  valid_from: timestamp,
  valid_to: nullableTimestamp,
});
const ticketForm = z.looseObject({
  organization_id: id.nullable(),
  plan: z.looseObject({ id, key: z.string().nullable(), name: z.string().nullable() }).nullable(),
  categories: z.unknown(),
  not_included: z.unknown(),
  community_url: z.string().nullable(),
  alternatives: z.unknown(),
  can_submit: z.boolean(),
  refusal: z.looseObject({ reason: z.string() }).nullable(),
  incident: anyObject,
  sensitive: z.looseObject({ fields: z.array(z.string()), categories: z.array(z.string()) }),
});

const localized = z.record(z.string(), z.string().max(2000));
const planSettings = z
  .object({
    channels: z.array(z.enum(CHANNEL_KEYS)).nullable().optional(),
    categories: z.array(z.string().trim().toLowerCase().max(100)).nullable().optional(),
    human_support: z.boolean().optional(),
    community_url: z.string().url().nullable().optional(),
    github_url: z.string().url().nullable().optional(),
    will_not_do: z.array(localized).max(50).optional(),
    display_name: z
      .record(z.string().max(10), z.string().trim().max(100))
      .optional()
      .describe("The plan's name by language (`{en, 'zh-CN'}`); `name` where the reader's is missing"),
  })
  .passthrough();

export function planRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const T = ['plans & entitlements'];
  app.get(
    '/api/v1/plans',
    { schema: { tags: T, summary: 'Support plans, in queue rank order', response: { 200: list(plan), ...E } } },
    async (req) => listPlans(ctx.db, { actor: who(req) }),
  );
  app.get(
    '/api/v1/plans/:id',
    {
      schema: {
        tags: T,
        summary: 'A plan with what it includes and what support will not do',
        params: idParam,
        response: { 200: plan, ...E },
      },
    },
    async (req) => getPlan(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/plans',
    {
      schema: {
        tags: T,
        summary: 'Create a plan',
        body: z.object({
          key: z
            .string()
            .trim()
            .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'lower-case letters, digits, - and _'),
          name: shortText(100),
          rank: z.number().int().min(0).max(1_000_000),
          settings: planSettings.optional(),
        }),
        response: { 201: plan, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await createPlan(ctx.db, { actor: who(req), input: req.body })),
  );
  app.patch(
    '/api/v1/plans/:id',
    {
      schema: {
        tags: T,
        summary: 'Change a plan (settings are merged)',
        params: idParam,
        body: z.object({
          name: shortText(100).optional(),
          rank: z.number().int().min(0).max(1_000_000).optional(),
          settings: planSettings.optional(),
        }),
        response: { 200: plan, ...E },
      },
    },
    async (req) => updatePlan(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );
  app.get(
    '/api/v1/organizations/:id/plan-history',
    { schema: { tags: T, summary: "The organization's plans over time", params: idParam, response: { 200: list(planHistoryRow), ...E } } },
    async (req) => planHistory(ctx.db, { actor: who(req), organizationId: req.params.id }),
  );

  app.get(
    '/api/v1/ticket-form',
    {
      schema: {
        tags: T,
        summary: 'What the ticket form offers on your plan: categories (and those not included), paid-incident cost, sensitive field keys',
        querystring: z.object({ organization_id: z.coerce.number().int().positive().optional() }),
        response: { 200: ticketForm, ...E },
      },
    },
    async (req) => getTicketForm(ctx.db, { actor: who(req), organizationId: req.query.organization_id ?? null }),
  );
  app.get(
    '/api/v1/channels',
    {
      schema: {
        tags: T,
        summary: 'Channels with their hours, open now, next opening, and whether your plan includes them',
        response: { 200: list(channel), ...E },
      },
    },
    async (req) => listChannels(ctx.db, { actor: who(req), now: new Date() }),
  );
  app.patch(
    '/api/v1/channels/:key',
    {
      schema: {
        tags: T,
        summary: 'Change a channel: name, contact, hours (calendar), what it is for, an image (a QR code), enabled',
        params: z.object({ key: z.enum(CHANNEL_KEYS) }),
        body: z.object({
          name: localized.optional(),
          contact: z.string().max(500).optional(),
          calendar_id: z.number().int().positive().nullable().optional(),
          enabled: z.boolean().optional(),
          position: z.number().int().optional(),
          purpose: localized.optional(),
          image: z.string().max(300_000).nullable().optional(),
        }),
        response: { 200: z.looseObject({ key: z.string() }), ...E },
      },
    },
    async (req) => updateChannel(ctx.db, { actor: who(req), key: req.params.key, ...req.body }),
  );

  app.get(
    '/api/v1/services',
    { schema: { tags: T, summary: 'The catalogue of paid on-demand services', response: { 200: list(service), ...E } } },
    async () => listServices(ctx.db),
  );
  app.put(
    '/api/v1/services/:key',
    {
      schema: {
        tags: T,
        summary: 'Create or change a service',
        params: z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/) }),
        body: z.object({
          name: localized,
          description: localized.default({}),
          price_cents: z.number().int().min(0),
          currency: z.string().length(3).default('CNY'),
          counts_as_incident: z.boolean().default(true),
          active: z.boolean().default(true),
        }),
        response: { 200: service, ...E },
      },
    },
    async (req) => saveService(ctx.db, { actor: who(req), service: { key: req.params.key, ...req.body } }),
  );
  app.post(
    '/api/v1/organizations/:id/purchases',
    {
      schema: {
        tags: T,
        summary: 'Record a purchase (marketplace order) of on-demand services',
        params: idParam,
        body: z.object({
          service: z.string().max(50),
          quantity: z.number().int().min(1).max(10_000),
          order_ref: shortText(200),
          marketplace: z.string().max(100).optional(),
          expires_at: isoDateTime.nullable().optional(),
        }),
        response: { 201: purchase.extend({ incident_balance: z.number() }), ...E },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordPurchase(ctx.db, { actor: who(req), organizationId: req.params.id, ...req.body })),
  );
  app.get(
    '/api/v1/organizations/:id/purchases',
    {
      schema: {
        tags: T,
        summary: 'Purchases and the incident balance',
        params: idParam,
        querystring: z.object(pageQuery),
        response: { 200: page(purchase).extend({ incident_balance: z.number() }), ...E },
      },
    },
    async (req) => listPurchases(ctx.db, { actor: who(req), organizationId: req.params.id, ...req.query }),
  );
  app.post(
    '/api/v1/tickets/:id/consume-incident',
    {
      schema: {
        tags: T,
        summary: "Charge this ticket to one of the organization's paid incidents",
        params: idParam,
        response: { 200: z.looseObject({ ticket_id: id, organization_id: id, incident_balance: z.number() }), ...E },
      },
    },
    async (req) => consumeIncident(ctx.db, { actor: who(req), ticketId: req.params.id }),
  );
}
