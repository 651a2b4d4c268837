import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRIORITIES } from '../../domain/tickets/ticket.ts';
import { UTF8_BOM } from '../../modules/reports/csv.ts';
import { periodQuery } from '../../modules/reports/reportPeriod.ts';
import { reportPeriod } from '../../modules/reports/reportZone.ts';
import { getReportSettings } from '../../modules/reports/reportSettings.ts';
import { responseTimes, responseTimesCsv } from '../../modules/reports/responseTimes.ts';
import { setReportSettings } from '../../modules/reports/setReportSettings.ts';
import { DEFAULT_GROUP_BY, GROUP_KEYS } from '../../modules/reports/slaOutcomesRepository.ts';
import { slaReport, slaReportCsv } from '../../modules/reports/slaReport.ts';
import { slaTickets } from '../../modules/reports/slaTickets.ts';
import { who, type AppContext } from '../context.ts';
import { asRecord, errorResponse, fileResponse, id, page, timestamp } from '../responseSchemas.ts';
import { csv, pageQuery } from '../schemas.ts';

const E = { '4xx': errorResponse };
const tags = ['reports'];
const METRICS = ['first_response', 'next_response', 'resolution'] as const;
const kind = z.enum(['sla', 'slo']);
const fraction = z.number().min(0).max(1);
const groupBy = csv(GROUP_KEYS)
  .optional()
  .describe('Comma list of plan, priority, group, channel, metric (default plan,priority); rows are always split by metric and kind');
const format = z.enum(['json', 'csv']).default('json');
const reportMeta = z.looseObject({ from: timestamp, to: timestamp, now: timestamp });
const groupKeys = {
  plan: z.string().nullable().describe("The plan's name (plans.name); null: no plan, or not grouped by plan"),
  plan_id: id.nullable(),
  plan_key: z.string().nullable(),
  priority: z.string().nullable(),
  group_id: id.nullable(),
  group: z.string().nullable(),
  channel: z.string().nullable(),
  metric: z.enum(METRICS),
  kind,
};
const complianceRow = z.looseObject({
  ...groupKeys,
  tickets: z.number().int().describe('met + breached + open'),
  met: z.number().int(),
  breached: z.number().int(),
  open: z.number().int(),
  compliance: z.number().nullable().describe('met / (met + breached); null when both are 0'),
  target_compliance: fraction.nullable(),
  breached_tickets: z.string().describe("The drill-down of this row's breached tickets"),
});
const percentiles = z.looseObject({ p50: z.number().nullable(), p90: z.number().nullable(), p99: z.number().nullable() });
const responseTimeRow = z.looseObject({ ...groupKeys, count: z.number().int(), business: percentiles, calendar: percentiles });
const drillRow = z.looseObject({
  ticket_id: id,
  number: z.number().int(),
  subject: z.string(),
  status: z.string(),
  plan: z.string().nullable(),
  plan_id: id.nullable(),
  priority: z.string(),
  metric: z.enum(METRICS),
  kind,
  due_at: timestamp,
  stopped_at: timestamp.nullable(),
  outcome: z.enum(['met', 'breached', 'open']),
  business_minutes: z.number(),
  calendar_minutes: z.number(),
  overdue_minutes: z.number(),
});
const settings = z.looseObject({
  compliance_targets: z.looseObject({ sla: fraction, slo: fraction }),
  status_page_compliance: z.boolean(),
});
const jsonOrCsv = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema }, 'text/csv': { schema: fileResponse('', 'text/csv').content['text/csv'].schema } },
});
const idOrNone = z.union([z.literal('none'), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)]);
const csvName = (kindName: string, p: { from: Date; to: Date }) =>
  `attachment; filename="${kindName}-${p.from.toISOString().slice(0, 10)}-${p.to.toISOString().slice(0, 10)}.csv"`;

/** Reports for staff (docs/reports.md): SLA compliance, its drill-down, response times, settings. */
export function reportRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/reports/sla',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary:
          'SLA compliance per plan and priority (or group_by), split by metric and kind, for targets due in [from, to) (staff; format=csv downloads)',
        querystring: periodQuery.extend({ group_by: groupBy, format }),
        response: {
          200: jsonOrCsv(z.looseObject({ data: z.array(complianceRow), meta: reportMeta }), 'The report rows, or the same rows as CSV'),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const now = Date.now();
      const period = await reportPeriod(ctx.db, req.query, now, who(req).locale);
      const r = await slaReport(ctx.db, { actor: who(req), period, groupBy: req.query.group_by ?? DEFAULT_GROUP_BY, now });
      if (req.query.format !== 'csv') return r;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvName('sla-report', period))
        .send(UTF8_BOM + slaReportCsv(r.data));
    },
  );
  app.get(
    '/api/v1/reports/sla/tickets',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary: 'The tickets behind an SLA compliance row: breached (default), met or open targets due in [from, to) (staff)',
        querystring: periodQuery.extend({
          plan_id: idOrNone.optional().describe("A plan id, or 'none' for tickets without a plan"),
          priority: z.enum(PRIORITIES).optional(),
          metric: z.enum(METRICS).optional(),
          kind: kind.optional(),
          group_id: idOrNone.optional().describe("A group id, or 'none' for tickets without a group"),
          channel: z.string().max(100).optional(),
          outcome: z.enum(['breached', 'met', 'open']).default('breached'),
          ...pageQuery,
        }),
        response: { 200: asRecord(page(drillRow)), ...E },
      },
    },
    async (req) => {
      const now = Date.now();
      const { from, to, tz, cursor, limit, ...filters } = req.query;
      return slaTickets(ctx.db, {
        actor: who(req),
        period: await reportPeriod(ctx.db, { from, to, tz }, now, who(req).locale),
        filters,
        cursor,
        limit,
        now,
      });
    },
  );
  app.get(
    '/api/v1/reports/response-times',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary:
          'p50/p90/p99 minutes of first response, next response and resolution that stopped in [from, to), business and calendar time (staff; format=csv downloads)',
        querystring: periodQuery.extend({ group_by: groupBy, format }),
        response: {
          200: jsonOrCsv(z.looseObject({ data: z.array(responseTimeRow), meta: reportMeta }), 'The report rows, or the same rows as CSV'),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const now = Date.now();
      const period = await reportPeriod(ctx.db, req.query, now, who(req).locale);
      const r = await responseTimes(ctx.db, { actor: who(req), period, groupBy: req.query.group_by ?? DEFAULT_GROUP_BY, now });
      if (req.query.format !== 'csv') return r;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvName('response-times', period))
        .send(UTF8_BOM + responseTimesCsv(r.data));
    },
  );
  app.get(
    '/api/v1/reports/settings',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary: 'Report settings: compliance targets per kind, compliance on the status page (staff)',
        response: { 200: asRecord(settings), ...E },
      },
    },
    async (req) => getReportSettings(ctx.db, { actor: who(req) }),
  );
  app.put(
    '/api/v1/reports/settings',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary: 'Change report settings (admin); keys not given stay',
        body: z.strictObject({
          compliance_targets: z.strictObject({ sla: fraction.optional(), slo: fraction.optional() }).optional(),
          status_page_compliance: z.boolean().optional(),
        }),
        response: { 200: asRecord(settings), ...E },
      },
    },
    async (req) => setReportSettings(ctx.db, { actor: who(req), input: req.body }),
  );
}
