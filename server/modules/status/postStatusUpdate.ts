import type { Db, Queryable } from '../../db/client.ts';
import { canUpdate, type IncidentStatus } from '../../domain/status/status.ts';
import { conflict, forbidden, notFound, text } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { dropStatusCache } from './getStatusPage.ts';
import { presentIncident } from './statusPresenter.ts';
import { statusRepository } from './statusRepository.ts';

export interface StatusUpdateInput {
  status: IncidentStatus;
  message: string;
  /** With `resolved`: also solve the linked tickets (each gets the reply either way). */
  solve_linked?: boolean;
}

export const STATUS_JOBS = { fanout: 'status.incident_fanout', reply: 'status.incident_reply', mail: 'status.subscribers_mail' } as const;

/** Every update is mailed to the confirmed subscribers, in batches off the request. */
export const enqueueSubscriberMail = (q: Queryable, updateId: number) =>
  enqueue(q, STATUS_JOBS.mail, { update_id: updateId, after: 0 }, { singletonKey: `status.mail:${updateId}:0` });

/**
 * Posts an update on a status incident (staff). Resolving it, in the same transaction, records
 * the resolution and enqueues the fan-out job that replies on every linked ticket (in batches, off
 * the request: docs/status.md), and returns its components to operational unless another open
 * incident names them. A resolved incident takes no more updates.
 */
export async function postStatusUpdate(db: Db, o: { actor: Principal; id: number; input: StatusUpdateInput }) {
  if (!isStaff(o.actor)) throw forbidden(text('status.errors.staff_only'));
  const { input } = o;
  const result = await db.tx(async (q) => {
    const incident = await statusRepository.incident(q, o.id, { lock: true });
    if (!incident) throw notFound('Status incident', o.id);
    const ok = canUpdate(incident.status, input.status);
    if (!ok.ok) throw conflict(text('status.errors.incident_resolved'), { field: 'status' });
    const update = await statusRepository.insertUpdate(q, {
      incidentId: o.id,
      status: input.status,
      message: input.message,
      by: o.actor.personId,
    });
    if (input.status !== incident.status) await statusRepository.setIncidentStatus(q, o.id, input.status);
    await enqueueSubscriberMail(q, update.id);
    if (input.status === 'resolved') {
      await statusRepository.restoreComponents(q, incident.components);
      await enqueue(
        q,
        STATUS_JOBS.fanout,
        { incident_id: o.id, update_id: update.id, after: 0, solve: input.solve_linked === true, actor_id: o.actor.personId },
        { singletonKey: `status.fanout:${update.id}:0` },
      );
    }
    const fresh = (await statusRepository.incident(q, o.id))!;
    return presentIncident(fresh, await statusRepository.updatesOf(q, [o.id]));
  });
  dropStatusCache();
  return result;
}
