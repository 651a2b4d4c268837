import type { Db } from '../../db/client.ts';
import { forbidden, notFound, text, unprocessable } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { pgCode } from '../shared/cursor.ts';
import { enqueue } from '../../jobs/queue.ts';
import type { OrganizationInput } from './createOrganization.ts';
import { organizationPolicy } from './organizationPolicy.ts';
import { presentOrganization } from './organizationPresenter.ts';
import { organizationRepository } from './organizationRepository.ts';

export async function updateOrganization(db: Db, opts: { actor: Principal; id: number; input: Partial<OrganizationInput> }) {
  const { actor, id, input } = opts;
  if (!organizationPolicy.canSee(actor, id) || !(await organizationRepository.get(db, id))) throw notFound('Organization', id);
  if (!organizationPolicy.canEdit(actor)) throw forbidden(text('organizations.errors.edit_staff_only'));
  if ((input.plan_id !== undefined || input.addons !== undefined) && !organizationPolicy.canChangePlan(actor))
    throw forbidden(text('organizations.errors.plan_change_admin_only'));
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.plan_id !== undefined) patch.plan_id = input.plan_id;
  if (input.addons !== undefined) patch.addons = input.addons;
  if (input.email_domains !== undefined) patch.email_domains = input.email_domains.map((d) => d.toLowerCase());
  if (input.notes !== undefined) patch.notes = input.notes;
  try {
    await db.tx(async (q) => {
      await organizationRepository.update(q, id, patch);
      if (input.plan_id !== undefined || input.addons !== undefined) {
        const now = (await organizationRepository.get(q, id))!;
        await organizationRepository.recordPlanChange(q, {
          organizationId: id,
          planId: now.plan_id,
          addons: now.addons,
          actorId: actor.personId,
        });
        // Unsolved tickets move to the new plan: queue rank and SLA policy are chosen again.
        await enqueue(q, 'sla.recompute_org', { organization_id: id });
      }
    });
  } catch (e) {
    if (pgCode(e) === '23503') throw unprocessable(text('organizations.errors.plan_missing', { id: input.plan_id }), { field: 'plan_id' });
    throw e;
  }
  return presentOrganization((await organizationRepository.get(db, id))!, actor);
}
