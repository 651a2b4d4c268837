import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMySignature } from '../../modules/signatures/getMySignature.ts';
import { saveMySignature } from '../../modules/signatures/saveMySignature.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse } from '../responseSchemas.ts';

const E = { '4xx': errorResponse };
const text = z.string().max(1000, 'A signature is at most 1,000 characters');
const signatures = z.looseObject({ en: z.string(), 'zh-CN': z.string() });
const answer = z.looseObject({ signatures });

/** The agent's own reply signature, per language (docs/mail-display.md). */
export function signatureRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/me/signature',
    { schema: { tags: ['people'], summary: 'My reply signature, per language (staff)', response: { 200: answer, ...E } } },
    async (req) => getMySignature(ctx.db, { actor: who(req) }),
  );
  app.put(
    '/api/v1/me/signature',
    {
      schema: {
        tags: ['people'],
        summary: 'Set my reply signature (staff); a language left out keeps its signature, an empty one removes it',
        body: z.strictObject({ signatures: z.strictObject({ en: text.optional(), 'zh-CN': text.optional() }) }),
        response: { 200: answer, ...E },
      },
    },
    async (req) => saveMySignature(ctx.db, { actor: who(req), input: req.body.signatures }),
  );
}
