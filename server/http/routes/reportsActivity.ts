import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UTF8_BOM } from '../../modules/exports/ticketCsv.ts';
import { agentsReport } from '../../modules/reports/agentsReport.ts';
import { toCsv } from '../../modules/reports/csv.ts';
import { periodQuery, type Period } from '../../modules/reports/reportPeriod.ts';
import { reportZone, resolveZonedPeriod, timeZoneQuery } from '../../modules/reports/reportZone.ts';
import { VOLUME_GROUPS, volumeReport } from '../../modules/reports/volumeReport.ts';
import { who, type AppContext } from '../context.ts';
import { errorResponse, fileResponse, id, timestamp } from '../responseSchemas.ts';

const E = { '4xx': errorResponse };
const tags = ['reports'];
const format = z.enum(['json', 'csv']).default('json').describe('csv: the same rows as a UTF-8 CSV download');
const count = z.number().int();
const jsonOrCsv = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema }, ...fileResponse('', 'text/csv').content },
});
const volumeRow = z.looseObject({
  period: z.string().describe('The first day of the bucket (YYYY-MM-DD, in tz)'),
  key: z.union([z.string(), z.number()]).nullable().describe("The group value: plan key, organization id or 'other', channel, category"),
  label: z.string().nullable().describe("The group value's name"),
  created: count,
  solved: count,
  backlog: count.describe('Tickets open at the end of the bucket'),
});
const agentRow = z.looseObject({
  agent_id: id,
  name: z.string(),
  replies: count,
  solved: count,
  median_first_response_minutes: z.number().nullable(),
  open_now: count,
});
const meta = z.looseObject({ from: timestamp, to: timestamp, tz: z.string() });
const csvName = (name: string, p: Period) =>
  `attachment; filename="${name}-${p.from.toISOString().slice(0, 10)}-${p.to.toISOString().slice(0, 10)}.csv"`;

/** The volume and agents reports (docs/exports.md); the SLA reports' routes are in reports.ts. */
export function reportActivityRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/reports/volume',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary: 'Tickets created, solved and open (backlog) per day or ISO week in a time zone, optionally per group value (staff)',
        querystring: periodQuery.extend({
          interval: z.enum(['day', 'week']).default('day'),
          group_by: z.enum(VOLUME_GROUPS).optional().describe('organization: the top 20 by tickets created, then one "other" row'),
          tz: timeZoneQuery.optional(),
          format,
        }),
        response: {
          200: jsonOrCsv(
            z.looseObject({
              data: z.array(volumeRow),
              meta: meta.extend({ interval: z.enum(['day', 'week']), group_by: z.string().nullable() }),
            }),
            'One row per bucket (and group value), every bucket present; or the same rows as CSV',
          ),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const tz = await reportZone(ctx.db, q.tz);
      const period = resolveZonedPeriod(q, tz, Date.now(), who(req).locale);
      const r = await volumeReport(ctx.db, { actor: who(req), period, tz, interval: q.interval, groupBy: q.group_by });
      if (q.format !== 'csv') return r;
      const csv = toCsv(
        ['period', 'key', 'label', 'created', 'solved', 'backlog'],
        r.data.map((x) => [x.period, x.key, x.label, x.created, x.solved, x.backlog]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvName('volume-report', period))
        .send(UTF8_BOM + csv);
    },
  );

  app.get(
    '/api/v1/reports/agents',
    {
      config: { staffOnly: 'reports.staff_only' },
      schema: {
        tags,
        summary: 'Per agent and admin: public replies, tickets solved, median first response (calendar minutes), open tickets now (staff)',
        querystring: periodQuery.extend({ tz: timeZoneQuery.optional(), format }),
        response: {
          200: jsonOrCsv(
            z.looseObject({ data: z.array(agentRow), meta }),
            'One row per agent, most replies first; or the same rows as CSV',
          ),
          ...E,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const tz = await reportZone(ctx.db, q.tz);
      const period = resolveZonedPeriod(q, tz, Date.now(), who(req).locale);
      const r = await agentsReport(ctx.db, { actor: who(req), period, tz });
      if (q.format !== 'csv') return r;
      const csv = toCsv(
        ['agent_id', 'name', 'replies', 'solved', 'median_first_response_minutes', 'open_now'],
        r.data.map((x) => [x.agent_id, x.name, x.replies, x.solved, x.median_first_response_minutes, x.open_now]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvName('agents-report', period))
        .send(UTF8_BOM + csv);
    },
  );
}
