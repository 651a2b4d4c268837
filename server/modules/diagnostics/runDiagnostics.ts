import type { Db } from '../../db/client.ts';
import { parseHostname } from '../../domain/diagnostics/hostnames.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { loadVisibleTicket } from '../tickets/getTicket.ts';
import { presentDiagnostic } from './diagnosticPresenter.ts';
import { DIAGNOSTICS_CONCURRENCY, DIAGNOSTICS_RATE, diagnosticsPolicy } from './diagnosticsPolicy.ts';
import { diagnosticsRepository } from './diagnosticsRepository.ts';
import type { DiagnosticsSettings } from './probes.ts';
import { runChecks } from './runChecks.ts';

let running = 0;

export interface RunDiagnosticsInput {
  asset_id?: number;
  /** Staff only: a domain typed by hand. */
  domain?: string;
  /** Staff only: attach the run to this ticket ("Run again" next to the conversation). */
  ticket_id?: number;
}

/**
 * Checks a domain now (DNS, HTTPS, HTTP, status, TLS, redirects, time to first byte) and stores the
 * findings. Network I/O happens outside any transaction: the run is recorded as started, checked,
 * then finished.
 */
export async function runDiagnostics(db: Db, o: { actor: Principal; settings: DiagnosticsSettings; input: RunDiagnosticsInput }) {
  const { actor, input } = o;
  if ((input.asset_id == null) === (input.domain == null))
    throw invalid(t(actor.locale, 'diagnostics.errors.asset_or_domain'), { field: 'asset_id' });
  let assetId: number | null = null;
  let name: string;
  let expectedNameservers: string[] | null = null;
  if (input.asset_id != null) {
    const asset = await organizationRepository.getAsset(db, input.asset_id);
    // Another organization's asset is not found, exactly like one that does not exist.
    if (!asset || !diagnosticsPolicy.canRunOnAsset(actor, asset)) throw notFound('Asset', input.asset_id);
    if (asset.kind !== 'domain')
      throw new AppError('unprocessable', t(actor.locale, 'diagnostics.errors.not_a_domain'), { field: 'asset_id' });
    assetId = asset.id;
    name = asset.name;
    expectedNameservers = asset.expected_nameservers;
  } else {
    if (!diagnosticsPolicy.canRunOnDomain(actor))
      throw new AppError('forbidden', t(actor.locale, 'diagnostics.errors.domain_staff_only'), { field: 'domain' });
    name = input.domain!;
  }
  const host = parseHostname(name);
  if (!host.ok)
    throw new AppError('unprocessable', t(actor.locale, `diagnostics.errors.host_${host.reason}`, { domain: name.slice(0, 253) }), {
      field: assetId != null ? 'asset_id' : 'domain',
      reason: host.reason,
    });
  if (input.ticket_id != null) {
    if (!diagnosticsPolicy.canReadTicketRuns(actor))
      throw new AppError('forbidden', t(actor.locale, 'diagnostics.errors.domain_staff_only'), { field: 'ticket_id' });
    await loadVisibleTicket(db, actor, input.ticket_id);
  }

  if (running >= DIAGNOSTICS_CONCURRENCY.max)
    throw new AppError('rate_limited', t(actor.locale, 'diagnostics.errors.busy', { seconds: DIAGNOSTICS_CONCURRENCY.retryAfterSeconds }), {
      retry_after_seconds: DIAGNOSTICS_CONCURRENCY.retryAfterSeconds,
    });
  // Counted from here (no await between the check and the count), until the run is stored or refused.
  running += 1;
  try {
    const id = await startWithinLimit(db, actor, { assetId, domain: host.host });
    let outcome;
    try {
      outcome = await runChecks(o.settings, host.host, { expectedNameservers, now: () => new Date() });
    } catch (e) {
      await diagnosticsRepository.remove(db, id);
      throw e;
    }
    await diagnosticsRepository.finish(db, id, outcome.findings, outcome.facts);
    if (input.ticket_id != null) await diagnosticsRepository.attach(db, id, input.ticket_id);
    return presentDiagnostic((await diagnosticsRepository.get(db, id))!, actor.locale);
  } finally {
    running -= 1;
  }
}

/**
 * Records the run as started, then counts the person's runs in the window up to this one: over the
 * limit, the row is removed and the answer is 429. Inserting first means concurrent requests all
 * count each other, so none slips under the limit.
 */
async function startWithinLimit(db: Db, actor: Principal, r: { assetId: number | null; domain: string }): Promise<number> {
  const run = await diagnosticsRepository.start(db, { ...r, personId: actor.personId });
  if (actor.personId == null) return run.id;
  const since = new Date(run.ran_at.getTime() - DIAGNOSTICS_RATE.windowMs);
  const recent = await diagnosticsRepository.countRecent(db, actor.personId, run.id, since);
  if (recent.n <= DIAGNOSTICS_RATE.max) return run.id;
  await diagnosticsRepository.remove(db, run.id);
  const free = (recent.oldest ?? run.ran_at).getTime() + DIAGNOSTICS_RATE.windowMs;
  const seconds = Math.max(1, Math.ceil((free - run.ran_at.getTime()) / 1000));
  throw new AppError(
    'rate_limited',
    t(actor.locale, 'diagnostics.errors.rate_limited', {
      max: DIAGNOSTICS_RATE.max,
      minutes: Math.round(DIAGNOSTICS_RATE.windowMs / 60_000),
      seconds,
    }),
    { retry_after_seconds: seconds },
  );
}
