import type { Db } from '../../db/client.ts';
import { AppError, localizedError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { getTicketRow } from '../tickets/getTicket.ts';
import { presentRating } from './satisfactionPresenter.ts';
import { satisfactionRepository } from './satisfactionRepository.ts';
import { loadSatisfactionSettings } from './satisfactionSettings.ts';
import { ratingKeyring, verifyRatingToken } from './satisfactionToken.ts';
import { rateTicket, type RatingInput } from './rateTicket.ts';

// Without the link's own language (an unknown link), the reader's.
const invalidLink = (locale?: string) =>
  locale
    ? new AppError('not_found', t(locale, 'satisfaction.errors.invalid_link'))
    : localizedError('not_found', 'satisfaction.errors.invalid_link');

/**
 * What a rating link stands for: its ticket and requester, if the link is well signed, not expired,
 * surveys are on, and the ticket still has that requester (an active customer). Anything else is the
 * same 404, so a guessed or altered link learns nothing.
 */
async function resolve(db: Db, token: string, now = new Date()) {
  const proof = verifyRatingToken(await ratingKeyring(db), token, now);
  if (!proof) throw invalidLink();
  if (!(await loadSatisfactionSettings(db)).enabled) throw invalidLink();
  const [ticket, person] = await Promise.all([getTicketRow(db, proof.ticketId), peopleRepository.get(db, proof.personId)]);
  if (!ticket || !person || !person.active || person.role !== 'customer' || ticket.requester_id !== person.id) throw invalidLink();
  return { ticket, person };
}

/** The rating page's facts: the ticket's number and subject and the current rating. Records nothing (mail scanners follow links). */
export async function readRatingByToken(db: Db, o: { token: string }) {
  const { ticket, person } = await resolve(db, o.token);
  const r = await satisfactionRepository.get(db, ticket.id);
  return {
    ticket: { number: ticket.number, subject: ticket.subject, status: ticket.status },
    rating: r ? { score: r.score, comment: r.comment } : null,
    locale: person.locale,
  };
}

/** A rating through the link, as the requester it was sent to, for that one ticket and nothing else. */
export async function rateByToken(db: Db, o: { token: string; input: RatingInput }) {
  const { ticket, person } = await resolve(db, o.token);
  const actor: Principal = {
    kind: 'person',
    personId: person.id,
    role: 'customer',
    organizationId: person.organization_id,
    locale: person.locale,
    via: 'token',
    grantedTickets: [ticket.id],
  };
  const rating = await rateTicket(db, { actor, ticketId: ticket.id, input: o.input, via: 'link' });
  return { ticket: { number: ticket.number, subject: ticket.subject }, rating: presentRating(rating) };
}
