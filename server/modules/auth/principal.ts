export type Role = 'customer' | 'agent' | 'admin';

/** Who is making a request. `system` is the local CLI/operator acting with admin rights. */
export interface Principal {
  kind: 'person' | 'system';
  personId: number | null;
  role: Role;
  organizationId: number | null;
  locale: string;
  via: 'session' | 'token' | 'local';
  sessionId?: number;
  tokenId?: number;
  /** Two-factor sign-in is on for this person. */
  twoFactor?: boolean;
  /** The person's primary email address is verified. */
  emailVerified?: boolean;
}

export const isStaff = (p: Principal) => p.role === 'agent' || p.role === 'admin';
export const isAdmin = (p: Principal) => p.role === 'admin';
