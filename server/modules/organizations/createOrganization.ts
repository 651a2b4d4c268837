import type { Db } from '../../db/client.ts';
import { forbidden, text, unprocessable } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { organizationPolicy } from './organizationPolicy.ts';
import { presentOrganization } from './organizationPresenter.ts';
import { organizationRepository } from './organizationRepository.ts';

export interface OrganizationInput {
  name: string;
  plan_id?: number | null;
  addons?: string[];
  email_domains?: string[];
  notes?: string;
}

export async function createOrganization(db: Db, opts: { actor: Principal; input: OrganizationInput }) {
  const { actor, input } = opts;
  if (!organizationPolicy.canEdit(actor)) throw forbidden(text('organizations.errors.create_staff_only'));
  if ((input.plan_id != null || (input.addons?.length ?? 0) > 0) && !organizationPolicy.canChangePlan(actor))
    throw forbidden(text('organizations.errors.plan_set_admin_only'));
  try {
    const id = await db.tx(async (q) => {
      const newId = await organizationRepository.insert(q, {
        name: input.name,
        planId: input.plan_id ?? null,
        addons: input.addons ?? [],
        emailDomains: (input.email_domains ?? []).map((d) => d.toLowerCase()),
        notes: input.notes ?? '',
      });
      await organizationRepository.recordPlanChange(q, {
        organizationId: newId,
        planId: input.plan_id ?? null,
        addons: input.addons ?? [],
        actorId: actor.personId,
      });
      return newId;
    });
    return presentOrganization((await organizationRepository.get(db, id))!, actor);
  } catch (e) {
    if (pgCode(e) === '23503') throw unprocessable(text('organizations.errors.plan_missing', { id: input.plan_id }), { field: 'plan_id' });
    throw e;
  }
}
