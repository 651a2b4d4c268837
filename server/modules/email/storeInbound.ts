import type { Db } from '../../db/client.ts';
import { EMAIL_JOBS } from './emailJobs.ts';
import { inboundRepository, type NewInbound } from './inboundRepository.ts';

/**
 * Durably stores a received mail and queues its processing, in one statement. Only after this
 * returns may the SMTP server answer 250 (or the IMAP poller mark the message seen). A mail whose
 * Message-ID is already stored is not stored again: `stored` is false.
 */
export async function storeInbound(db: Db, mail: NewInbound): Promise<{ id: number | null; stored: boolean }> {
  const id = await inboundRepository.insertWithJob(db, mail, { name: EMAIL_JOBS.inbound, maxAttempts: 10 });
  return { id, stored: id != null };
}
