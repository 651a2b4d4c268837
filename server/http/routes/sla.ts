import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, text } from '../../errors.ts';
import { applyPreset, PRESETS, presentPreset } from '../../modules/presets/applyPreset.ts';
import { createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar } from '../../modules/sla/calendars.ts';
import { createPolicy, deletePolicy, getPolicy, listPolicies, updatePolicy } from '../../modules/sla/policies.ts';
import { previewCalendar } from '../../modules/sla/previewCalendar.ts';
import { slaSettings, updateSlaSettings } from '../../modules/sla/slaSettings.ts';
import { requestLocale } from '../auth.ts';
import { who, type AppContext } from '../context.ts';
import { anyObject, errorResponse, id, list, noContent, timestamp } from '../responseSchemas.ts';
import { idParam, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };
const hours = z.array(z.array(z.string()).describe('[from, to], local HH:MM'));
const calendar = z.looseObject({
  id,
  name: z.string(),
  display_name: z.record(z.string(), z.string()).nullable(),
  timezone: z.string().optional(),
  weekly: z.record(z.string(), hours).optional(),
  holidays: z.array(anyObject).optional(),
  extra_workdays: z.array(anyObject).optional(),
  created_at: timestamp,
  updated_at: timestamp,
});
const policy = z.looseObject({
  id,
  name: z.string(),
  display_name: z.record(z.string(), z.string()).nullable(),
  kind: z.enum(['sla', 'slo']),
  position: z.number(),
  match: z
    .object({
      plan_ids: z.array(z.string()).nullable().optional(),
      addons: z.array(z.string()).nullable().optional(),
      channels: z.array(z.string()).nullable().optional(),
      categories: z.array(z.string()).nullable().optional(),
    })
    .nullable(),
  targets: z.array(
    z.looseObject({
      metric: z.string(),
      priority: z.string(),
      minutes: z.number(),
      calendar_id: z.number(),
      pause_on: z.array(z.string()).optional(),
    }),
  ),
  created_at: timestamp,
  updated_at: timestamp,
});
const preset = z.looseObject({ name: z.string(), description: z.unknown(), plans: z.array(z.string()), policies: z.array(z.string()) });
const slaSettingsOut = z.looseObject({ warning_minutes: z.number() });

const priority = z.enum(['P1', 'P2', 'P3', 'P4']);
const target = z.object({
  metric: z.enum(['first_response', 'next_response', 'resolution']),
  priority,
  minutes: z
    .number()
    .positive()
    .max(10 * 365 * 24 * 60),
  calendar_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String),
  pause_on: z.array(z.enum(['pending', 'on_hold'])).default(['pending', 'on_hold']),
});
/** A name by language (`{en, 'zh-CN'}`, either or both); `name` stays the key presets and API clients match on. */
const displayName = z.partialRecord(z.enum(['en', 'zh-CN']), z.string().trim().min(1).max(100));
/**
 * Strict: a key the API does not know is refused (400 naming it) rather than ignored. A misspelt
 * `match` key (`plan_keys` for `plan_ids`) used to leave the policy matching every plan without a word.
 */
const policyBody = z.strictObject({
  name: shortText(100),
  display_name: displayName
    .optional()
    .describe("The policy's name by language, shown to agents and customers where set; `name` stays the key presets match on"),
  kind: z.enum(['sla', 'slo']),
  position: z.number().int().min(0).max(1_000_000).optional(),
  match: z
    .strictObject({
      plan_ids: z
        .array(z.union([z.number().int().positive(), z.string()]).transform(String))
        .nullable()
        .optional(),
      addons: z.array(z.string().max(50)).nullable().optional(),
      channels: z.array(z.string().max(50)).nullable().optional(),
      categories: z.array(z.string().max(100)).nullable().optional(),
    })
    .optional(),
  targets: z.array(target).max(100),
  recompute_open: z.boolean().optional(),
});

export function slaRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const T = ['calendars & SLA'];
  app.post(
    '/api/v1/calendars/preview',
    {
      schema: {
        tags: T,
        summary: 'Preview a calendar: due time, open time elapsed, next opening',
        body: z.object({
          calendar: z.unknown(),
          op: z.enum(['due', 'elapsed', 'next_open', 'is_open']),
          start: z.string().max(64),
          minutes: z
            .number()
            .min(0)
            .max(10 * 365 * 24 * 60)
            .optional(),
          end: z.string().max(64).optional(),
        }),
        response: {
          200: z
            .looseObject({
              due: z.string().nullable().optional(),
              minutes: z.number().optional(),
              next_open: z.string().nullable().optional(),
              open: z.boolean().optional(),
            })
            .describe('One of due, minutes, next_open, open (by op)'),
          ...E,
        },
      },
    },
    async (req) => {
      const b = req.body;
      if (b.op === 'due' && b.minutes === undefined) throw invalid(text('http.errors.sla_minutes_required'), { field: 'minutes' });
      if (b.op === 'elapsed' && b.end === undefined) throw invalid(text('http.errors.sla_end_required'), { field: 'end' });
      return previewCalendar(b as never, requestLocale(req));
    },
  );
  app.get(
    '/api/v1/calendars',
    { schema: { tags: T, summary: 'Business calendars', response: { 200: list(calendar), ...E } } },
    async (req) => listCalendars(ctx.db, { actor: who(req) }),
  );
  app.get(
    '/api/v1/calendars/:id',
    { schema: { tags: T, summary: 'Read a calendar', params: idParam, response: { 200: calendar, ...E } } },
    async (req) => getCalendar(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/calendars',
    {
      schema: {
        tags: T,
        summary: 'Create a calendar: {name, timezone, weekly, holidays, extra_workdays}',
        body: z.object({ name: shortText(100), display_name: displayName.optional() }).passthrough(),
        response: { 201: calendar, ...E },
      },
    },
    async (req, reply) => {
      const { name, display_name, ...spec } = req.body as { name: string; display_name?: Record<string, string> } & Record<string, unknown>;
      return reply.code(201).send(await createCalendar(ctx.db, { actor: who(req), name, spec, display_name }));
    },
  );
  app.put(
    '/api/v1/calendars/:id',
    {
      schema: {
        tags: T,
        summary: 'Replace a calendar',
        params: idParam,
        body: z.object({ name: shortText(100).optional(), display_name: displayName.optional() }).passthrough(),
        response: { 200: calendar, ...E },
      },
    },
    async (req) => {
      const { name, display_name, ...spec } = req.body as { name?: string; display_name?: Record<string, string> } & Record<
        string,
        unknown
      >;
      return updateCalendar(ctx.db, {
        actor: who(req),
        id: req.params.id,
        name,
        display_name,
        spec: Object.keys(spec).length ? spec : undefined,
      });
    },
  );
  app.delete(
    '/api/v1/calendars/:id',
    { schema: { tags: T, summary: 'Delete a calendar no policy uses', params: idParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await deleteCalendar(ctx.db, { actor: who(req), id: req.params.id });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/sla-policies',
    { schema: { tags: T, summary: 'SLA policies in the order they are tried', response: { 200: list(policy), ...E } } },
    async (req) => listPolicies(ctx.db, { actor: who(req) }),
  );
  app.get(
    '/api/v1/sla-policies/:id',
    { schema: { tags: T, summary: 'Read an SLA policy', params: idParam, response: { 200: policy, ...E } } },
    async (req) => getPolicy(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.post(
    '/api/v1/sla-policies',
    {
      schema: {
        tags: T,
        summary: 'Create an SLA policy (recompute_open re-applies policies to unsolved tickets)',
        body: policyBody,
        response: { 201: policy, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await createPolicy(ctx.db, { actor: who(req), input: req.body })),
  );
  app.patch(
    '/api/v1/sla-policies/:id',
    { schema: { tags: T, summary: 'Update an SLA policy', params: idParam, body: policyBody.partial(), response: { 200: policy, ...E } } },
    async (req) => updatePolicy(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );
  app.delete(
    '/api/v1/sla-policies/:id',
    { schema: { tags: T, summary: 'Delete an SLA policy', params: idParam, response: { 204: noContent, ...E } } },
    async (req, reply) => {
      await deletePolicy(ctx.db, { actor: who(req), id: req.params.id });
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/v1/sla/settings',
    { schema: { tags: T, summary: 'SLA settings (warning lead time)', response: { 200: slaSettingsOut, ...E } } },
    async (req) => slaSettings(ctx.db, { actor: who(req) }),
  );
  app.patch(
    '/api/v1/sla/settings',
    {
      schema: {
        tags: T,
        summary: 'Change SLA settings',
        body: z.strictObject({
          warning_minutes: z
            .number()
            .int()
            .min(0)
            .max(7 * 24 * 60),
        }),
        response: { 200: slaSettingsOut, ...E },
      },
    },
    async (req) => updateSlaSettings(ctx.db, { actor: who(req), ...req.body }),
  );

  app.get(
    '/api/v1/presets',
    { schema: { tags: ['presets'], summary: 'Presets that reproduce known support policies', response: { 200: list(preset), ...E } } },
    async () => ({ data: Object.values(PRESETS).map(presentPreset), next_cursor: null }),
  );
  app.post(
    '/api/v1/presets/:name/apply',
    {
      schema: {
        tags: ['presets'],
        summary: 'Apply a preset (idempotent)',
        params: z.object({ name: z.string().max(100) }),
        body: z.object({ recompute_open: z.boolean().optional() }).optional(),
        response: { 200: z.looseObject({ preset, plans: z.unknown(), calendars: z.unknown(), policies: z.unknown() }), ...E },
      },
    },
    async (req) => applyPreset(ctx.db, { actor: who(req), name: req.params.name, recompute: req.body?.recompute_open }),
  );
}
