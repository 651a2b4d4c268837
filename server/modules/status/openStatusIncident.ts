import type { Db } from '../../db/client.ts';
import { unknownComponents, type IncidentStatus } from '../../domain/status/status.ts';
import { forbidden, text, unprocessable } from '../../errors.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { dropStatusCache } from './getStatusPage.ts';
import { enqueueSubscriberMail } from './postStatusUpdate.ts';
import { presentIncident } from './statusPresenter.ts';
import { statusRepository } from './statusRepository.ts';

export interface OpenIncidentInput {
  title: string;
  components: string[];
  status: Exclude<IncidentStatus, 'resolved'>;
  message: string;
}

/** Announces a status incident on the status page, with its first update, its components degraded (staff). */
export async function openStatusIncident(db: Db, o: { actor: Principal; input: OpenIncidentInput }) {
  if (!isStaff(o.actor)) throw forbidden(text('status.errors.staff_only'));
  const { input } = o;
  const keys = [...new Set(input.components)];
  const result = await db.tx(async (q) => {
    const known = new Set((await statusRepository.components(q)).map((c) => c.key));
    const unknown = unknownComponents(keys, known);
    if (unknown.length)
      throw unprocessable(text('status.errors.unknown_components', { components: unknown.join(', ') }), { field: 'components', unknown });
    const incident = await statusRepository.insertIncident(q, {
      title: input.title,
      status: input.status,
      components: keys,
      by: o.actor.personId,
    });
    const update = await statusRepository.insertUpdate(q, {
      incidentId: incident.id,
      status: input.status,
      message: input.message,
      by: o.actor.personId,
    });
    // The page does not say "Operational" next to an incident naming the component: an operational
    // one is shown as degraded until staff set its status or the incident is resolved.
    await statusRepository.markAffected(q, keys);
    await enqueueSubscriberMail(q, update.id);
    return presentIncident(incident, [update]);
  });
  dropStatusCache();
  return result;
}
