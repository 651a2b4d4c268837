import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { emailRoutes } from './email.ts';
import { lifecycleRoutes } from './lifecycle.ts';
import { macroRoutes } from './macros.ts';
import { notificationRoutes } from './notifications.ts';
import { peopleMergeRoutes } from './peopleMerge.ts';
import { planRoutes } from './plans.ts';
import { searchRoutes } from './search.ts';
import { signatureRoutes } from './signatures.ts';
import { securityRoutes } from './security.ts';
import { slaRoutes } from './sla.ts';
import { ticketFieldRoutes } from './ticketFields.ts';
import { ticketLinkRoutes } from './ticketLinks.ts';
import { transferRoutes } from './transfer.ts';
import { bulkRoutes } from './bulk.ts';
import { diagnosticsRoutes } from './diagnostics.ts';
import { viewRoutes } from './views.ts';
import { statusRoutes } from './status.ts';
import { kbRoutes } from './kb.ts';
import { helpPageRoutes } from './helpPages.ts';
import { guestTicketRoutes } from './guestTickets.ts';
import { contactRoutes } from './contact.ts';

/** Routes of the areas beyond the core. */
export async function extraRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  slaRoutes(app, ctx);
  planRoutes(app, ctx);
  await transferRoutes(app, ctx);
  await securityRoutes(app, ctx);
  await emailRoutes(app, ctx);
  notificationRoutes(app, ctx);
  ticketLinkRoutes(app, ctx);
  lifecycleRoutes(app, ctx);
  viewRoutes(app, ctx);
  bulkRoutes(app, ctx);
  macroRoutes(app, ctx);
  searchRoutes(app, ctx);
  signatureRoutes(app, ctx);
  ticketFieldRoutes(app, ctx);
  peopleMergeRoutes(app, ctx);
  diagnosticsRoutes(app, ctx);
  statusRoutes(app, ctx);
  kbRoutes(app, ctx);
  helpPageRoutes(app, ctx);
  guestTicketRoutes(app, ctx);
  contactRoutes(app, ctx);
}
