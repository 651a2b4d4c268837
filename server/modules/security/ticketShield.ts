import type { Db } from '../../db/client.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { threadRepository } from '../email/threadRepository.ts';
import { addTicketEnricher } from '../tickets/ticketPresenter.ts';
import type { TicketRow } from '../tickets/ticketRepository.ts';
import { securityRepository } from './securityRepository.ts';
import { currentSecuritySettings, refreshSecuritySettings, ticketSensitivity } from './securitySettings.ts';
import { refreshTicketFields, sensitiveFieldKeys } from '../fields/ticketFieldCache.ts';

/**
 * Sensitive ticket details are ABSENT from staff responses until the requester is verified.
 *
 * Fail closed, in two steps:
 * 1. The ticket presenter (through `addTicketEnricher`) always takes the sensitive `fields` out of
 *    the ticket JSON and keeps them under a symbol key, which JSON never serializes. Any path that
 *    presents a ticket (HTTP, WebSocket push, e-mail) therefore leaves them out by default.
 * 2. Before an HTTP response is serialized, `revealForViewer` puts them back for viewers who may see
 *    them: the customer side (only tickets they may see are ever presented to them), the local
 *    operator, and staff when the requester is verified on that ticket. It also fills in
 *    `verification: {required, verified, verified_until, withheld_fields}` and `sender_verified`.
 * 3. A ticket opened by a mail that claimed a registered person's address without proof
 *    (`sender_verified: false`, see server/channels/email/mailTrust.ts) keeps its sensitive fields
 *    withheld from the customer side too, until the requester is verified on the ticket: whoever
 *    wrote that mail may not be the requester, and customers of the organization may see the ticket.
 */
const HELD = Symbol('kefu.security.withheld');
interface Held {
  ticketId: number;
  requesterId: number;
  required: boolean;
  fields: Record<string, unknown>;
  /** The withheld keys that are custom fields: they go back into `custom_fields` too. */
  custom: Record<string, unknown>;
  /** Created by this request, not by mail (justCreated): nothing to look up. */
  fresh?: boolean;
}
type Presented = Record<string | symbol, unknown>;

export function withholdSensitive(row: TicketRow, out: Presented) {
  const fields = (out.fields ?? {}) as Record<string, unknown>;
  const { required, withheld } = ticketSensitivity(currentSecuritySettings(), { category: row.category, fields }, sensitiveFieldKeys());
  const visible: Record<string, unknown> = {};
  const held: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) (withheld.includes(k) ? held : visible)[k] = v;
  out.fields = visible;
  // custom_fields are keys of fields (ticketPresenter): the same keys are withheld from both.
  const custom = (out.custom_fields ?? {}) as Record<string, unknown>;
  const customVisible: Record<string, unknown> = {};
  const customHeld: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(custom)) (withheld.includes(k) ? customHeld : customVisible)[k] = v;
  if (out.custom_fields) out.custom_fields = customVisible;
  out.verification = { required, verified: false, verified_until: null, withheld_fields: Object.keys(held) };
  out[HELD] = { ticketId: row.id, requesterId: row.requester_id, required, fields: held, custom: customHeld } satisfies Held;
}

let installed = false;
/** Registers the presenter step once per process. */
export function installTicketShield() {
  if (installed) return;
  addTicketEnricher(withholdSensitive);
  installed = true;
}

/** Presented tickets in a response body (a ticket, `{data: [...]}`, or nested a few levels down). */
function collect(node: unknown, out: Array<{ obj: Presented; held: Held }>, depth = 0) {
  if (!node || typeof node !== 'object' || depth > 4) return out;
  if (Array.isArray(node)) {
    for (const x of node) collect(x, out, depth + 1);
    return out;
  }
  if (Object.getPrototypeOf(node) !== Object.prototype) return out;
  const obj = node as Presented;
  const held = obj[HELD] as Held | undefined;
  if (held) out.push({ obj, held });
  for (const v of Object.values(obj)) if (v && typeof v === 'object') collect(v, out, depth + 1);
  return out;
}

const seesEverything = (p: Principal | null) => !!p && (p.kind === 'system' || !isStaff(p));
/** The customer side sees its own details only when the ticket's opening mail was not an unproven claim. */
const seesOwn = (p: Principal | null, senderVerified: boolean) => !!p && (p.kind === 'system' || (!isStaff(p) && senderVerified));

/** Puts withheld fields back for viewers who may see them, and states the verification. */
/**
 * Marks a ticket this request has just created, other than by mail: no verification can exist for
 * it yet (one is made for an existing ticket) and no mail thread with an unproven sender (only the
 * email channel makes those), so revealing it reads nothing. Saves a statement per created ticket.
 */
export function justCreated<T>(ticket: T): T {
  const held = (ticket as Presented)[HELD] as Held | undefined;
  if (held) held.fresh = true;
  return ticket;
}

export async function revealForViewer(db: Db, viewer: Principal | null, payload: unknown, now = new Date()): Promise<unknown> {
  const found = collect(payload, []);
  if (!found.length) return payload;
  const ids = [...new Set(found.filter((f) => !f.held.fresh).map((f) => f.held.ticketId))];
  const facts = await securityRepository.shieldFacts(db, ids, now);
  const verified = new Map(facts.filter((f) => !f.unproven).map((v) => [Number(v.ticket_id), v]));
  const unproven = new Set(facts.filter((f) => f.unproven).map((f) => Number(f.ticket_id)));
  for (const { obj, held } of found) {
    const v = verified.get(held.ticketId);
    const ok = !!v && v.person_id === held.requesterId;
    const senderVerified = !unproven.has(held.ticketId);
    const reveal = ok || seesOwn(viewer, senderVerified);
    obj.verification = {
      required: held.required,
      verified: ok,
      verified_until: ok ? v!.expires_at!.toISOString() : null,
      // The keys still left out for this viewer (names only): the console says "hidden" only when something is.
      withheld_fields: reveal ? [] : Object.keys(held.fields),
    };
    obj.sender_verified = senderVerified;
    if (reveal) {
      obj.fields = { ...(obj.fields as object), ...held.fields };
      if (obj.custom_fields) obj.custom_fields = { ...(obj.custom_fields as object), ...held.custom };
    }
    delete obj[HELD];
  }
  return payload;
}

/**
 * The event history records field changes (`ticket.updated` → `changes.fields: [before, after]`);
 * for staff, the withheld keys are taken out of those too until the requester is verified.
 */
export async function redactTicketEvents(db: Db, viewer: Principal | null, ticketId: number, payload: unknown, now = new Date()) {
  if (seesEverything(viewer) && seesOwn(viewer, !(await threadRepository.unverifiedSender(db, [ticketId])).length)) return payload;
  const events = (payload as { data?: unknown })?.data;
  if (!Array.isArray(events)) return payload;
  const ticket = await securityRepository.ticketForVerification(db, ticketId);
  if (!ticket) return payload;
  const [v] = await securityRepository.activeVerifications(db, [ticketId], now);
  if (v) return payload;
  const settings = await refreshSecuritySettings(db);
  await refreshTicketFields(db);
  const strip = (f: unknown) => {
    if (!f || typeof f !== 'object' || Array.isArray(f)) return f;
    const { withheld } = ticketSensitivity(
      settings,
      { category: ticket.category, fields: f as Record<string, unknown> },
      sensitiveFieldKeys(),
    );
    return Object.fromEntries(Object.entries(f).filter(([k]) => !withheld.includes(k)));
  };
  for (const e of events as Array<{ data?: { changes?: { fields?: unknown } } }>) {
    const pair = e?.data?.changes?.fields;
    if (Array.isArray(pair)) e.data!.changes!.fields = pair.map(strip);
  }
  return payload;
}
