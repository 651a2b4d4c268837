import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addAsset, listAssets, removeAsset } from '../../modules/organizations/assets.ts';
import { createOrganization } from '../../modules/organizations/createOrganization.ts';
import { getOrganization, listOrganizations } from '../../modules/organizations/readOrganizations.ts';
import { updateOrganization } from '../../modules/organizations/updateOrganization.ts';
import { who, type AppContext } from '../context.ts';
import { asset, errorResponse, noContent, organization, page } from '../responseSchemas.ts';
import { idParam, idRef, pageQuery, shortText } from '../schemas.ts';

const E = { '4xx': errorResponse };

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'must be a domain name such as example.com');
const orgBody = z.object({
  name: shortText(),
  plan_id: idRef.nullable().optional(),
  addons: z.array(z.string().max(50)).max(20).optional(),
  email_domains: z.array(domain).max(50).optional(),
  notes: z.string().max(10_000).optional(),
});

export function organizationRoutes(root: FastifyInstance, ctx: AppContext) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/organizations',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization (customer account)',
        body: orgBody,
        response: { 201: organization, ...E },
      },
    },
    async (req, reply) => reply.code(201).send(await createOrganization(ctx.db, { actor: who(req), input: req.body })),
  );
  app.get(
    '/api/v1/organizations',
    {
      schema: {
        tags: ['organizations'],
        summary: 'List organizations',
        querystring: z.object({ ...pageQuery, q: z.string().max(200).optional(), plan_id: z.coerce.number().int().positive().optional() }),
        response: { 200: page(organization), ...E },
      },
    },
    async (req) => listOrganizations(ctx.db, { actor: who(req), ...req.query }),
  );
  app.get(
    '/api/v1/organizations/:id',
    { schema: { tags: ['organizations'], summary: 'Read an organization', params: idParam, response: { 200: organization, ...E } } },
    async (req) => getOrganization(ctx.db, { actor: who(req), id: req.params.id }),
  );
  app.patch(
    '/api/v1/organizations/:id',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Update an organization',
        params: idParam,
        body: orgBody.partial(),
        response: { 200: organization, ...E },
      },
    },
    async (req) => updateOrganization(ctx.db, { actor: who(req), id: req.params.id, input: req.body }),
  );

  app.post(
    '/api/v1/organizations/:id/assets',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Add an asset (a domain or product instance) the organization owns',
        params: idParam,
        body: z.object({
          kind: z.enum(['domain', 'product']).default('domain'),
          name: shortText(253),
          expected_nameservers: z
            .array(domain)
            .max(13)
            .optional()
            .describe('domains: the nameservers the zone should use; diagnostics warn when it is served by others (docs/diagnostics.md)'),
        }),
        response: { 201: asset, ...E },
      },
    },
    async (req, reply) => {
      if (req.body.kind === 'domain') domain.parse(req.body.name);
      return reply.code(201).send(
        await addAsset(ctx.db, {
          actor: who(req),
          organizationId: req.params.id,
          kind: req.body.kind,
          name: req.body.name,
          expectedNameservers: req.body.expected_nameservers,
        }),
      );
    },
  );
  app.get(
    '/api/v1/organizations/:id/assets',
    {
      schema: {
        tags: ['organizations'],
        summary: "The organization's assets",
        params: idParam,
        querystring: z.object(pageQuery),
        response: { 200: page(asset), ...E },
      },
    },
    async (req) => listAssets(ctx.db, { actor: who(req), organizationId: req.params.id, ...req.query }),
  );
  app.delete(
    '/api/v1/organizations/:id/assets/:assetId',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Remove an asset',
        params: idParam.extend({ assetId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 204: noContent, ...E },
      },
    },
    async (req, reply) => {
      await removeAsset(ctx.db, { actor: who(req), organizationId: req.params.id, assetId: req.params.assetId });
      return reply.code(204).send();
    },
  );
}
