import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localizedError } from '../../errors.ts';
import { applyMacro } from '../../modules/macros/applyMacro.ts';
import { createMacro } from '../../modules/macros/createMacro.ts';
import { deleteMacro } from '../../modules/macros/deleteMacro.ts';
import { getMacro } from '../../modules/macros/getMacro.ts';
import { listMacros } from '../../modules/macros/listMacros.ts';
import { macroActionsSchema, macroBodySchema, macroCreateSchema, macroUpdateSchema } from '../../modules/macros/macroInput.ts';
import { updateMacro } from '../../modules/macros/updateMacro.ts';
import { requestLocale } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, id, list, noContent, nullableTimestamp, timestamp } from '../responseSchemas.ts';
import { idParam } from '../schemas.ts';
import { validationMessage } from '../validationMessages.ts';

const E = { '4xx': errorResponse };
const macro = z.looseObject({
  id,
  name: z.string(),
  body: macroBodySchema.required(),
  actions: macroActionsSchema,
  shared: z.boolean(),
  owner_id: id.nullable(),
  usage_count: z.number().int().describe('Uses by everyone'),
  my_usage_count: z.number().int().describe("Uses by the reader (the list's order)"),
  last_used_at: nullableTimestamp,
  can_edit: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});
const applied = z.looseObject({
  macro: z.looseObject({ id, name: z.string() }),
  ticket_id: id,
  language: z.enum(['en', 'zh-CN']).describe("The requester's language, or the other when the macro has no text in it"),
  body: z.string().describe('The reply with the placeholders filled'),
  unknown_placeholders: z.array(z.string()).describe('Placeholders Kefu does not know, left in the text as written'),
  actions: macroActionsSchema.describe('What will run when the reply is sent (POST /tickets/{id}/messages `actions`)'),
});
const applyParams = z.object({ id: idParam.shape.id, macro_id: idParam.shape.id });

/** A body that fails its schema is a 422 naming the field (the macro contract), not the general 400. */
function bodyValid(req: FastifyRequest) {
  const err = req.validationError as
    | (Error & {
        validation?: Array<{ instancePath?: string; message?: string; keyword?: string; params?: { issue?: { path?: unknown[] } } }>;
        validationContext?: string;
      })
    | undefined;
  if (!err) return;
  const where = err.validationContext ?? 'body';
  const locale = requestLocale(req);
  const details = (err.validation ?? []).map((v) => ({
    field:
      [
        String(v.instancePath ?? '')
          .replace(/^\//, '')
          .replace(/\//g, '.'),
        v.params?.issue?.path?.join('.'),
      ].find(Boolean) || where,
    message: validationMessage({ ...v.params, code: v.keyword, message: v.message }, v.message ?? 'not valid', locale),
  }));
  const sep = locale === 'en' ? ': ' : '：';
  const text = details.map((d) => `${d.field}${sep}${d.message}`).join(locale === 'en' ? '; ' : '；') || err.message;
  if (where !== 'body') throw localizedError('invalid_request', 'http.invalid_body', details, { where, details: text });
  throw localizedError('unprocessable', 'http.errors.macro_invalid', details.length === 1 ? { ...details[0], issues: details } : details, {
    details: text,
  });
}

/** Macros: replies in both languages with queued ticket actions (docs/macros.md). Staff only. */
export function macroRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['macros'];
  app.get(
    '/api/v1/macros',
    { schema: { tags, summary: 'Macros I may apply: shared and my own, my most used first', response: { 200: list(macro), ...E } } },
    async (req) => listMacros(ctx.db, { actor: who(req) }),
  );
  app.post(
    '/api/v1/macros',
    {
      attachValidation: true,
      schema: { tags, summary: 'Create a macro (personal; shared: admins only)', body: macroCreateSchema, response: { 201: macro, ...E } },
    },
    async (req, reply) => {
      bodyValid(req);
      return reply.code(201).send(await createMacro(ctx.db, { actor: who(req), input: req.body }));
    },
  );
  app.get(
    '/api/v1/macros/:id',
    { schema: { tags, summary: 'Read a macro', params: idParam, response: { 200: macro, ...E } } },
    async (req) => getMacro(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/macros/:id',
    {
      attachValidation: true,
      schema: {
        tags,
        summary: 'Change a macro (its owner; an admin for a shared one)',
        params: idParam,
        body: macroUpdateSchema,
        response: { 200: macro, ...E },
      },
    },
    async (req) => {
      bodyValid(req);
      return updateMacro(ctx.db, { actor: who(req), id: req.params.id, input: req.body });
    },
  );
  app.delete(
    '/api/v1/macros/:id',
    { schema: { tags, summary: 'Delete a macro', params: idParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await deleteMacro(ctx.db, { actor: who(req), id: req.params.id });
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/v1/tickets/:id/macros/:macro_id',
    {
      schema: {
        tags,
        summary:
          "Apply a macro: the reply in the requester's language and the actions to run on send (the ticket is not changed; the use is counted)",
        params: applyParams,
        response: { 200: applied, ...E },
      },
    },
    async (req) => applyMacro(ctx.db, { actor: who(req), ticketId: req.params.id, macroId: req.params.macro_id }),
  );
}
