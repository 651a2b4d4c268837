import type { Db } from '../../db/client.ts';
import { enqueue } from '../../jobs/queue.ts';
import { defineJob } from '../../jobs/registry.ts';
import { EMAIL_JOBS } from '../../modules/email/emailJobs.ts';
import { inboundRepository } from '../../modules/email/inboundRepository.ts';
import { mailboxRepository } from '../../modules/email/mailboxRepository.ts';
import { pollKey } from '../../modules/email/mailboxes.ts';
import { NO_ACK_CHANNELS, notifyTicketEvent, type TicketEventPayload } from '../../modules/email/notifyTicketEvent.ts';
import { deliverEmail } from './deliver.ts';
import type { EmailConfig } from './emailConfig.ts';
import { pollMailbox } from './imapPoller.ts';
import { MailBudgetExceeded } from './mailWorkers.ts';
import { identityOf, processInbound } from './processInbound.ts';
import { supportAddressSet, type SupportAddressSet } from './recipients.ts';
import { smtpTransports } from './transport.ts';

/** Processing attempts before a mail is marked 'failed' (it stays stored; an admin can reprocess it). */
const MAX_INBOUND_ATTEMPTS = 5;
/** A mail over its time budget is tried once more (the machine may have been busy), then parked as 'failed' with the reason. */
const MAX_BUDGET_ATTEMPTS = 2;

const addressSets = new WeakMap<Db, SupportAddressSet>();
export function addressesFor(db: Db, config: EmailConfig): SupportAddressSet {
  let s = addressSets.get(db);
  if (!s) {
    s = supportAddressSet(db, config.supportEmail);
    addressSets.set(db, s);
  }
  return s;
}

export const transports = smtpTransports();

/** The email channel's jobs: inbound routing, notifications on ticket events, delivery, IMAP polling. */
export function registerEmailJobs(config: EmailConfig) {
  const identity = identityOf(config);

  defineJob({
    name: EMAIL_JOBS.inbound,
    async handler(p, ctx) {
      const id = Number(p.id);
      try {
        await processInbound(ctx.db, { id, config, addresses: addressesFor(ctx.db, config), skipFilters: p.skip_filters === true });
      } catch (e) {
        const message = (e as Error).message || String(e);
        const attempts = await inboundRepository.recordAttempt(ctx.db, id, message);
        if (attempts < (e instanceof MailBudgetExceeded ? MAX_BUDGET_ATTEMPTS : MAX_INBOUND_ATTEMPTS)) throw e;
        await inboundRepository.finish(ctx.db, id, { status: 'failed', error: message });
        ctx.log.error(
          { inbound_id: id, err: message },
          'email: a received mail could not be processed; it is kept, reprocess it after a fix',
        );
      }
    },
  });

  defineJob({
    name: EMAIL_JOBS.notify,
    handles: ['ticket.created', 'message.added', 'ticket.updated', 'ticket.reminded'],
    // A new ticket is acknowledged only when someone else opened it for the requester, outside a live
    // chat (notifyTicketEvent): a customer's own ticket from the portal queues no job that would find that out.
    wantsNewTicket: (t) => t.actorId !== t.requesterId && !NO_ACK_CHANNELS.has(t.channel),
    async handler(p, ctx) {
      await notifyTicketEvent(ctx.db, { payload: p as unknown as TicketEventPayload, identity, now: ctx.now() });
    },
  });

  defineJob({
    name: EMAIL_JOBS.deliver,
    async handler(p, ctx) {
      const status = await deliverEmail(ctx.db, { id: Number(p.id), envSmtpUrl: config.smtpUrl, transports, owner: ctx.owner });
      if (status === 'failed')
        ctx.log.error({ outbound_id: p.id }, 'email: delivery failed for good; shown on the ticket and in the outbox');
    },
  });

  defineJob({
    name: EMAIL_JOBS.poll,
    async handler(p, ctx) {
      const id = Number(p.mailbox_id);
      const log = {
        info: (o: object, m?: string) => ctx.log.info(o, m),
        warn: (o: object, m?: string) => ctx.log.info(o, m),
        error: (o: object, m?: string) => ctx.log.error(o, m),
      };
      const result = await pollMailbox(ctx.db, {
        mailboxId: id,
        maxBytes: config.maxEmailBytes,
        log,
        allowPrivate: config.imapAllowPrivate,
      });
      const mb = await mailboxRepository.get(ctx.db, id);
      if (!mb?.active || !result) return;
      await ctx.db.tx(async (q) => {
        await mailboxRepository.releasePollKey(q, pollKey(id));
        await enqueue(
          q,
          EMAIL_JOBS.poll,
          { mailbox_id: id },
          { singletonKey: pollKey(id), runAt: new Date(ctx.now().getTime() + mb.poll_seconds * 1000), maxAttempts: 3 },
        );
      });
    },
  });
}
