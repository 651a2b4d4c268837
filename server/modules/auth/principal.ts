export type Role = 'customer' | 'agent' | 'admin';

/** Who is making a request. `system` is the local CLI/operator acting with admin rights. */
export interface Principal {
  kind: 'person' | 'system';
  personId: number | null;
  role: Role;
  organizationId: number | null;
  locale: string;
  /** How the request arrived; `import` marks history brought in by an import (its events carry `imported`). */
  via: 'session' | 'token' | 'local' | 'import';
  sessionId?: number;
  tokenId?: number;
  /** Two-factor sign-in is on for this person. */
  twoFactor?: boolean;
  /** The person's primary email address is verified. */
  emailVerified?: boolean;
  /**
   * Tickets the channel proved this person writes to, whatever their organization says: a mail
   * thread's reply address, a private link. Proves only that: nothing else about the person.
   */
  grantedTickets?: readonly number[];
  /**
   * Present when the person is an agent limited to their groups' tickets (people.ticket_access =
   * 'groups'): the groups they belong to. Such an agent sees those groups' tickets and the tickets
   * assigned to them, nothing else (docs/access.md). Absent: no group limit.
   */
  ticketGroups?: readonly number[];
}

export const isStaff = (p: Principal) => p.role === 'agent' || p.role === 'admin';
export const isAdmin = (p: Principal) => p.role === 'admin';
