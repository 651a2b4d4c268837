/**
 * Who is viewing (and typing on) which ticket, across instances. Staff only: the gateway never
 * feeds a customer's messages in, and never sends presence to a customer.
 *
 * Each instance keeps its own connections' state (`local`) and the last state every other instance
 * announced (`remote`). A change on this instance is announced to all (the gateway sends it with
 * `NOTIFY kefu_presence`), and repeated every `remoteTtlMs / 3` while someone views, so an instance
 * that dies without saying goodbye is forgotten after `remoteTtlMs`. A viewer who says nothing for
 * `viewTtlMs` (the client repeats `viewing` every ~20 s) is gone; typing lasts `typingTtlMs` after
 * the last `typing`. Time is a parameter (`now`, ms): the gateway's timer drives `tick`.
 */
export interface Viewer {
  id: number;
  name: string;
  typing: boolean;
}
export interface PresenceAnnouncement {
  inst: string;
  ticket_id: number;
  viewers: Viewer[];
}

export interface PresenceOptions {
  instance: string;
  viewTtlMs: number;
  typingTtlMs: number;
  remoteTtlMs: number;
  /** Tell the other instances (this instance's viewers of one ticket). */
  announce(a: PresenceAnnouncement): void;
  /** The viewers of a ticket changed: push them to this instance's viewers of it. */
  changed(ticketId: number, viewers: Viewer[]): void;
}

interface LocalEntry {
  ticketId: number;
  personId: number;
  name: string;
  seenAt: number;
  typingUntil: number;
}

export class Presence {
  private local = new Map<string, LocalEntry>(); // by connection id
  private remote = new Map<string, Map<number, { viewers: Viewer[]; until: number }>>(); // instance → ticket
  private lastSent = new Map<number, string>();
  private lastAnnounced = new Map<number, number>();

  constructor(private o: PresenceOptions) {}

  /** The connection views this ticket now (and no other). */
  view(conn: string, ticketId: number, person: { id: number; name: string }, now: number) {
    const cur = this.local.get(conn);
    if (cur && cur.ticketId === ticketId) {
      cur.seenAt = now;
      return;
    }
    this.local.set(conn, { ticketId, personId: person.id, name: person.name, seenAt: now, typingUntil: 0 });
    if (cur) this.touched(cur.ticketId, now);
    this.touched(ticketId, now);
  }

  /** The connection types on this ticket (which implies viewing it). */
  typing(conn: string, ticketId: number, person: { id: number; name: string }, now: number) {
    this.view(conn, ticketId, person, now);
    const e = this.local.get(conn)!;
    const was = e.typingUntil > now;
    e.typingUntil = now + this.o.typingTtlMs;
    if (!was) this.touched(ticketId, now);
  }

  /** The connection sent what it was typing: it stops typing at once (it still views the ticket). */
  sent(conn: string, ticketId: number, person: { id: number; name: string }, now: number) {
    this.view(conn, ticketId, person, now);
    const e = this.local.get(conn)!;
    if (e.typingUntil <= now) return;
    e.typingUntil = 0;
    this.touched(ticketId, now);
  }

  leave(conn: string, now: number) {
    const cur = this.local.get(conn);
    if (!cur) return;
    this.local.delete(conn);
    this.touched(cur.ticketId, now);
  }

  /** Another instance's announcement. */
  heard(a: PresenceAnnouncement, now: number) {
    if (a.inst === this.o.instance) return;
    let m = this.remote.get(a.inst);
    if (!m) this.remote.set(a.inst, (m = new Map()));
    if (a.viewers.length) m.set(a.ticket_id, { viewers: a.viewers, until: now + this.o.remoteTtlMs });
    else m.delete(a.ticket_id);
    this.push(a.ticket_id, now);
  }

  /** Expires quiet viewers, typing and silent instances; repeats this instance's announcements. */
  tick(now: number) {
    const dirty = new Set<number>();
    for (const [conn, e] of this.local) {
      if (now - e.seenAt >= this.o.viewTtlMs) {
        this.local.delete(conn);
        dirty.add(e.ticketId);
      } else if (e.typingUntil && e.typingUntil <= now) {
        e.typingUntil = 0;
        dirty.add(e.ticketId);
      }
    }
    for (const [, m] of this.remote)
      for (const [t, r] of m)
        if (r.until <= now) {
          m.delete(t);
          dirty.add(t);
        }
    for (const t of dirty) this.touched(t, now);
    for (const t of this.localTickets())
      if (!dirty.has(t) && now - (this.lastAnnounced.get(t) ?? 0) >= this.o.remoteTtlMs / 3) this.announce(t, now);
  }

  /** The merged viewers of a ticket: one entry per person, typing if any of their connections types. */
  viewersOf(ticketId: number, now: number): Viewer[] {
    const by = new Map<number, Viewer>();
    const add = (v: Viewer) => {
      const cur = by.get(v.id);
      by.set(v.id, { id: v.id, name: v.name, typing: (cur?.typing ?? false) || v.typing });
    };
    for (const e of this.local.values()) if (e.ticketId === ticketId) add({ id: e.personId, name: e.name, typing: e.typingUntil > now });
    for (const m of this.remote.values()) {
      const r = m.get(ticketId);
      if (r && r.until > now) r.viewers.forEach(add);
    }
    return [...by.values()].sort((a, b) => a.id - b.id);
  }

  /** Says goodbye to the other instances (on shutdown). */
  clear(now: number) {
    const tickets = this.localTickets();
    this.local.clear();
    for (const t of tickets) this.announce(t, now);
  }

  private localTickets() {
    return new Set([...this.local.values()].map((e) => e.ticketId));
  }

  private touched(ticketId: number, now: number) {
    this.announce(ticketId, now);
    this.push(ticketId, now);
  }

  private announce(ticketId: number, now: number) {
    const mine = new Map<number, Viewer>();
    for (const e of this.local.values())
      if (e.ticketId === ticketId)
        mine.set(e.personId, { id: e.personId, name: e.name, typing: (mine.get(e.personId)?.typing ?? false) || e.typingUntil > now });
    if (mine.size) this.lastAnnounced.set(ticketId, now);
    else this.lastAnnounced.delete(ticketId);
    this.o.announce({ inst: this.o.instance, ticket_id: ticketId, viewers: [...mine.values()] });
  }

  private push(ticketId: number, now: number) {
    const viewers = this.viewersOf(ticketId, now);
    const key = JSON.stringify(viewers);
    if (this.lastSent.get(ticketId) === key) return;
    if (viewers.length) this.lastSent.set(ticketId, key);
    else this.lastSent.delete(ticketId);
    this.o.changed(ticketId, viewers);
  }
}
