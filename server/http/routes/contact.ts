import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getContactPage } from '../../modules/channels/getContactPage.ts';
import { requestLocale } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { asRecord, errorResponse } from '../responseSchemas.ts';

const E = { '4xx': errorResponse };
const hours = z
  .looseObject({ timezone: z.string(), weekly: z.record(z.string(), z.array(z.array(z.string()).describe('[from, to], local HH:MM'))) })
  .nullable();
const opening = { open_now: z.boolean(), next_open_at: z.string().nullable() };

/** The contact page's facts, for everyone (docs/contact-page.md). */
export function contactRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/public/contact',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['plans & entitlements'],
        summary:
          "How to reach support: channels (contact, hours, open now, next opening, purpose, included / recommended on the reader's plan — the default plan when not signed in), the standard hours, what support will not do",
        response: {
          200: asRecord(
            z.looseObject({
              channels: z.array(
                z.looseObject({
                  key: z.string(),
                  name: z.string(),
                  contact: z.string(),
                  contact_href: z.string().nullable(),
                  purpose: z.string().nullable(),
                  image: z.string().nullable(),
                  recommended: z.boolean(),
                  entitled: z.boolean(),
                  categories: z.array(z.string()).nullable(),
                  paid_incident: z.boolean(),
                  ...opening,
                  hours,
                }),
              ),
              standard_hours: z
                .looseObject({
                  name: z.string(),
                  hours,
                  ...opening,
                  response_times: z
                    .boolean()
                    .describe(
                      'Response targets are counted in these hours: a request sent while they are closed is answered after they open',
                    ),
                })
                .nullable(),
              will_not_do: z.array(z.string()),
              guest_form: z.boolean(),
            }),
          ),
          ...E,
        },
      },
    },
    async (req) => getContactPage(ctx.db, { actor: req.principal, locale: requestLocale(req), now: new Date() }),
  );
}
