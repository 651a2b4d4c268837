import { isStaff, type Principal } from '../auth/principal.ts';

/** Who may run diagnostics on what (docs/diagnostics.md). */
export const diagnosticsPolicy = {
  /** Customers: their organization's domain assets only. Staff: any asset, or a domain typed by hand. */
  canRunOnAsset: (actor: Principal, asset: { organization_id: number }) => isStaff(actor) || actor.organizationId === asset.organization_id,
  canRunOnDomain: (actor: Principal) => isStaff(actor),
  /** Staff read a ticket's runs next to the conversation and attach a new run to it. */
  canReadTicketRuns: (actor: Principal) => isStaff(actor),
  /** A ticket may carry only a run its creator made (for the same asset). */
  canAttach: (actor: Principal, run: { person_id: number | null }) => actor.personId != null && run.person_id === actor.personId,
};

/** Runs per person in a window (mutable for tests). */
export const DIAGNOSTICS_RATE = { max: 10, windowMs: 10 * 60_000 };
/** Runs at once on one instance, whoever asks: many people checking at the same moment wait a few seconds. */
export const DIAGNOSTICS_CONCURRENCY = { max: 20, retryAfterSeconds: 5 };
