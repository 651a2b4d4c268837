import type { Person } from '../../api/types.ts';

/** A person as the People screen reads them: the account's state for staff. */
export interface PersonAccount extends Person {
  status: 'active' | 'invited' | 'deactivated';
  has_password: boolean;
  invitation_expires_at: string | null;
  locked_until: string | null;
  /** Agents: 'groups' limits them to their groups' tickets and those assigned to them. */
  ticket_access?: 'all' | 'groups';
}

/** POST /people/{id}/invitation: the link is answered to admins only. */
export interface InvitationSent {
  person_id: number;
  email: string;
  expires_at: string | null;
  invitation_url: string | null;
}

export const isLocked = (p: PersonAccount, now = Date.now()) => p.locked_until != null && new Date(p.locked_until).getTime() > now;
