import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from './client.ts';
import type { Me } from './types.ts';

/** The signed-in person, or null when signed out (401). */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api.get<Me>('/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export const isStaff = (me: Me | null | undefined) => me?.role === 'agent' || me?.role === 'admin';

/**
 * After a sign-in (or an accepted invitation): forget the signed-out state, remember who this is, and
 * open `next` (a path of this app) or their home: the console for staff, their requests for a customer.
 */
export function useSignedIn() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (person: Me, next?: string | null) => {
    qc.clear();
    qc.setQueryData(['me'], person);
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : isStaff(person) ? '/agent' : '/requests', { replace: true });
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    await api.post('/auth/logout').catch(() => undefined);
    qc.clear();
    qc.setQueryData(['me'], null);
  };
}

/** GET /me/security: the account's email verification and two-step verification (required by the admin, on, codes left). */
export interface SecurityOverview {
  email_verified: boolean;
  two_factor: { enabled: boolean; enabled_at: string | null; pending: boolean; required: boolean; recovery_codes_left: number };
}
export const useMySecurity = (enabled = true) =>
  useQuery({ queryKey: ['me-security'], enabled, queryFn: () => api.get<SecurityOverview>('/me/security') });
