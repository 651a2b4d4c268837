import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { diagnosticsPolicy } from './diagnosticsPolicy.ts';
import { diagnosticsRepository } from './diagnosticsRepository.ts';

/**
 * Before a ticket is opened with `diagnostic_id`: the run must be the creator's own, finished, for
 * the ticket's asset, and on no other ticket. Someone else's run gets the same answer as one that
 * does not exist.
 */
export async function checkDiagnosticForTicket(q: Queryable, actor: Principal, diagnosticId: number, assetId: number | null) {
  const run = await diagnosticsRepository.get(q, diagnosticId);
  if (!run || !diagnosticsPolicy.canAttach(actor, run) || run.finished_at == null)
    throw new AppError('unprocessable', t(actor.locale, 'diagnostics.errors.not_yours', { id: diagnosticId }), { field: 'diagnostic_id' });
  if (run.asset_id !== assetId)
    throw new AppError('unprocessable', t(actor.locale, 'diagnostics.errors.other_asset'), { field: 'diagnostic_id' });
  if (run.ticket_id != null)
    throw new AppError('conflict', t(actor.locale, 'diagnostics.errors.already_attached'), { field: 'diagnostic_id' });
}

/** In the ticket's creating transaction: attach the run, or fail it if another ticket took it meanwhile. */
export async function attachDiagnostic(q: Queryable, actor: Principal, diagnosticId: number, ticketId: number) {
  if (!(await diagnosticsRepository.attach(q, diagnosticId, ticketId)))
    throw new AppError('conflict', t(actor.locale, 'diagnostics.errors.already_attached'), { field: 'diagnostic_id' });
}
