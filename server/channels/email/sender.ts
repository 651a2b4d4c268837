import type { Db } from '../../db/client.ts';
import type { Principal, Role } from '../../modules/auth/principal.ts';
import { insertPerson } from '../../modules/people/createPerson.ts';
import { inboundRepository, type SenderPerson } from '../../modules/email/inboundRepository.ts';
import { organizationRepository } from '../../modules/organizations/organizationRepository.ts';
import { pgCode } from '../../modules/shared/cursor.ts';
import type { Address } from './parseEmail.ts';

/** `verified`: the address is verified (a person with an account, who can be impersonated); false for a customer known only by mail. */
export interface Sender {
  id: number;
  role: Role;
  organizationId: number | null;
  locale: string;
  email: string;
  active: boolean;
  verified: boolean;
}

/** What Kefu knows of a sender address: a person it routes mail to, an address held unverified by someone, or nothing. */
export type SenderLookup = { kind: 'known'; sender: Sender } | { kind: 'unverified'; personId: number } | { kind: 'unknown' };

/**
 * The person a mail from this address belongs to. An address proves only what a link sent to it
 * proves: an address on someone's profile that was never verified routes no mail to them.
 */
export async function lookupSender(db: Db, address: string): Promise<SenderLookup> {
  return senderOf(await inboundRepository.personByEmail(db, address), address);
}

/** lookupSender's answer from the person already read (the stored mail's From, read with the mail). */
export function senderOf(p: SenderPerson | null, address: string): SenderLookup {
  if (!p) return { kind: 'unknown' };
  if (!p.routes) return { kind: 'unverified', personId: p.id };
  return {
    kind: 'known',
    sender: {
      id: p.id,
      role: p.role,
      organizationId: p.organization_id,
      locale: p.locale,
      email: address,
      active: p.active,
      verified: p.verified,
    },
  };
}

/**
 * The person who sent a mail: found by address, or created as a customer without a password (no
 * registration needed), in the organization that maps the address's domain. Null when the address
 * is held, unverified, by someone else (the mail must not become theirs).
 */
export async function findOrCreateSender(db: Db, from: Address, locale: string): Promise<Sender | null> {
  for (let attempt = 0; ; attempt++) {
    const found = await lookupSender(db, from.address);
    if (found.kind === 'known') return found.sender;
    if (found.kind === 'unverified') return null;
    try {
      await db.tx(async (q) => {
        const orgId = await organizationRepository.byEmailDomain(q, from.address.split('@')[1] ?? '');
        await insertPerson(q, {
          name: from.name.trim() || from.address.split('@')[0],
          email: from.address,
          role: 'customer',
          organization_id: orgId,
          locale,
        });
      });
    } catch (e) {
      // Two mails from a new sender at once: the other one created the person.
      if (pgCode(e) !== '23505' || attempt > 2) throw e;
    }
  }
}

/** The sender acting on a ticket through the email channel. */
export function senderPrincipal(s: Sender): Principal {
  return { kind: 'person', personId: s.id, role: s.role, organizationId: s.organizationId, locale: s.locale, via: 'token' };
}

/** The email channel itself, creating tickets on behalf of senders. */
export const CHANNEL_PRINCIPAL: Principal = {
  kind: 'system',
  personId: null,
  role: 'admin',
  organizationId: null,
  locale: 'en',
  via: 'local',
};
