import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COMPONENT_STATUSES, INCIDENT_STATUSES } from '../../domain/status/status.ts';
import { mailIdentity } from '../../channels/email/index.ts';
import { normalizeLocale } from '../../i18n/index.ts';
import { getStatusPage } from '../../modules/status/getStatusPage.ts';
import { openStatusIncident } from '../../modules/status/openStatusIncident.ts';
import { postStatusUpdate } from '../../modules/status/postStatusUpdate.ts';
import { setComponent } from '../../modules/status/setComponent.ts';
import { statusSubscriptions } from '../../modules/status/statusSubscriptions.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, timestamp } from '../responseSchemas.ts';
import { email, idParam, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };
const componentStatus = z.enum(COMPONENT_STATUSES);
const incidentStatus = z.enum(INCIDENT_STATUSES);
const componentKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'A component key is 1 to 40 lowercase letters, digits, - or _, starting with a letter or digit');
const component = z.looseObject({
  key: z.string(),
  name: z.string(),
  name_en: z.string(),
  name_zh: z.string(),
  status: componentStatus,
  position: z.number().int(),
  updated_at: timestamp,
});
const incident = z.looseObject({
  id,
  title: z.string(),
  status: incidentStatus,
  components: z.array(z.string()),
  created_at: timestamp,
  resolved_at: timestamp.nullable(),
  updates: z.array(z.looseObject({ id, status: incidentStatus, message: z.string(), created_at: timestamp })),
});
const message = z.string().trim().min(1).max(5000);

/** The status page: public read, staff manage components and status incidents (docs/status.md). */
export function statusRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['status'];
  app.get(
    '/api/v1/status',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'The status page: components, open status incidents and those resolved in the last 7 days (no sign-in; anonymous answers may be cached 30 s)',
        querystring: z.object({
          lang: z.enum(['en', 'zh-CN']).optional().describe('language of component names; default Accept-Language'),
        }),
        response: {
          200: z.looseObject({
            components: z.array(component),
            incidents: z.array(incident),
            compliance: z
              .looseObject({
                metric: z.literal('first_response'),
                period_days: z.number().int(),
                from: timestamp,
                to: timestamp,
                plans: z.array(
                  z.looseObject({
                    key: z.string(),
                    name: z.string(),
                    name_en: z.string(),
                    name_zh: z.string(),
                    met: z.number().int(),
                    breached: z.number().int(),
                    compliance: z.number().nullable(),
                  }),
                ),
              })
              .optional()
              .describe(
                'Measured first-response compliance per plan over the last 30 days; only when the desk turned it on (docs/reports.md)',
              ),
          }),
          ...E,
        },
      },
    },
    async (req, reply) => {
      // Anonymous readers (and shared caches) may keep it 30 s; signed-in screens revalidate, so staff see their own change at once.
      reply.header('Cache-Control', req.principal ? 'private, no-cache' : 'public, max-age=30').header('Vary', 'Accept-Language');
      return getStatusPage(ctx.db, { locale: req.query.lang ?? normalizeLocale(req.headers['accept-language']) });
    },
  );
  app.put(
    '/api/v1/status/components/:key',
    {
      schema: {
        tags,
        summary: 'Create or change a status component: staff set its status; adding, renaming or moving one is for admins',
        params: z.object({ key: componentKey }),
        body: z.strictObject({
          name_en: shortText(100).optional(),
          name_zh: shortText(100).optional(),
          status: componentStatus.optional(),
          position: z.number().int().min(0).max(10_000).optional(),
        }),
        response: { 200: component, ...E },
      },
    },
    async (req) => setComponent(ctx.db, { actor: who(req), key: req.params.key, input: req.body }),
  );
  app.post(
    '/api/v1/status/incidents',
    {
      schema: {
        tags,
        summary: 'Announce a status incident with its first update (staff)',
        body: z.strictObject({
          title: shortText(200),
          components: z.array(componentKey).max(50),
          status: z.enum(['investigating', 'identified', 'monitoring']),
          message,
        }),
        response: { 201: incident, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await openStatusIncident(ctx.db, { actor: who(req), input: req.body })),
  );
  app.post(
    '/api/v1/status/incidents/:id/updates',
    {
      schema: {
        tags,
        summary:
          "Post an update on a status incident (staff). Resolving it replies on every linked ticket, in its requester's language, and with solve_linked also solves them",
        params: idParam,
        body: z.strictObject({ status: incidentStatus, message, solve_linked: z.boolean().optional() }),
        response: { 201: incident, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await postStatusUpdate(ctx.db, { actor: who(req), id: req.params.id, input: req.body })),
  );
  const token = z.strictObject({ token: z.string().min(1).max(200) });
  app.post(
    '/api/v1/status/subscriptions',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Subscribe an address to status updates by email: mails a confirmation link (at most 5 an hour per address); 202 whether or not it was subscribed already',
        body: z.strictObject({ email, locale: z.enum(['en', 'zh-CN']).optional() }),
        response: { 202: z.looseObject({ ok: z.literal(true) }), ...E },
      },
    },
    async (req, reply) => {
      const locale = req.body.locale ?? req.principal?.locale ?? normalizeLocale(req.headers['accept-language']);
      await statusSubscriptions.subscribe(ctx.db, { email: req.body.email, locale, identity: mailIdentity() });
      return reply.code(202).send({ ok: true as const });
    },
  );
  app.post(
    '/api/v1/status/subscriptions/confirm',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Confirm a subscription with the link mailed to the address',
        body: token,
        response: { 200: z.looseObject({ confirmed: z.literal(true) }), ...E },
      },
    },
    async (req) => statusSubscriptions.confirm(ctx.db, req.body.token),
  );
  app.post(
    '/api/v1/status/subscriptions/unsubscribe',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Stop status updates with the link in any update mail',
        body: token,
        response: { 200: z.looseObject({ unsubscribed: z.literal(true) }), ...E },
      },
    },
    async (req) => statusSubscriptions.unsubscribe(ctx.db, req.body.token),
  );
}
