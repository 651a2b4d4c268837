import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mailIdentity, sendVerificationEmail } from '../../channels/email/index.ts';
import { listPersonSessions } from '../../modules/people/listPersonSessions.ts';
import { mergePeople } from '../../modules/people/mergePeople.ts';
import { previewPeopleMerge } from '../../modules/people/previewPeopleMerge.ts';
import { requestMeta } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, list, nullableTimestamp, timestamp } from '../responseSchemas.ts';
import { idParam, idRef } from '../schemas.ts';

const E = { '4xx': errorResponse };
const named = z.looseObject({ id, name: z.string() });
const counts = {
  tickets_moved: z.number().int(),
  addresses_moved: z.number().int(),
  sessions_revoked: z.number().int(),
  tokens_revoked: z.number().int(),
};

/** The person page's own operations (docs/people.md): merging two people who are one, and a person's sessions. */
export function peopleMergeRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/people/:id/merge-preview',
    {
      schema: {
        tags: ['people'],
        summary: 'What merging this person into `into_id` would move (tickets, addresses, open sessions); refusals as for the merge',
        params: idParam,
        querystring: z.object({ into_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: {
          200: z.looseObject({
            person: named,
            into: named,
            already_merged: z.boolean(),
            tickets: z.number().int(),
            addresses: z.array(z.looseObject({ email: z.string(), verified: z.boolean(), primary: z.boolean() })),
            sessions: z.number().int().describe('Open sessions and API tokens that the merge ends'),
          }),
          ...E,
        },
      },
    },
    async (req) => previewPeopleMerge(ctx.db, { actor: who(req), id: req.params.id, intoId: req.query.into_id }),
  );
  app.post(
    '/api/v1/people/:id/merge',
    {
      schema: {
        tags: ['people'],
        summary:
          'Merge this person into `into_id` (two people who are one): addresses and tickets move, the person stays as a tombstone; idempotent',
        params: idParam,
        body: z.object({ into_id: idRef }),
        response: { 200: z.looseObject({ person_id: id, into_id: id, merged: z.boolean(), ...counts }), ...E },
      },
    },
    async (req) =>
      mergePeople(ctx.db, {
        actor: who(req),
        id: req.params.id,
        intoId: req.body.into_id,
        meta: requestMeta(req),
        sendVerification: async (personId, to) => {
          await sendVerificationEmail(ctx.db, { personId, email: to, identity: mailIdentity() });
          ctx.wakeWorker();
        },
      }),
  );
  app.get(
    '/api/v1/people/:id/sessions',
    {
      schema: {
        tags: ['people'],
        summary: "A person's open sessions (staff for customers, admins for everyone; the IP address for admins only)",
        params: idParam,
        response: {
          200: list(
            z.looseObject({
              id,
              user_agent: z.string().nullable(),
              ip: z.string().nullable(),
              created_at: timestamp,
              last_seen_at: nullableTimestamp,
              expires_at: timestamp,
            }),
          ),
          ...E,
        },
      },
    },
    async (req) => listPersonSessions(ctx.db, { actor: who(req), id: req.params.id }),
  );
}
