import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { emailRoutes } from './email.ts';
import { notificationRoutes } from './notifications.ts';
import { planRoutes } from './plans.ts';
import { securityRoutes } from './security.ts';
import { slaRoutes } from './sla.ts';
import { transferRoutes } from './transfer.ts';

/** Routes of the areas beyond the core. */
export async function extraRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  slaRoutes(app, ctx);
  planRoutes(app, ctx);
  await transferRoutes(app, ctx);
  await securityRoutes(app, ctx);
  await emailRoutes(app, ctx);
  notificationRoutes(app, ctx);
}
