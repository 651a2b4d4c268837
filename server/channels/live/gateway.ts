import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { t } from '../../i18n/index.ts';
import { authenticate } from '../../modules/auth/authenticate.ts';
import { isStaff, type Principal } from '../../modules/auth/principal.ts';
import { liveMessageFor, type LiveEvent, type LiveMessage } from './liveFilter.ts';
import { liveRepository } from './liveRepository.ts';
import { NOTIFICATIONS_CHANNEL, NotificationPush, type PushTarget } from './notificationPush.ts';
import { Presence, type PresenceAnnouncement, type Viewer } from './presence.ts';

/** The part of a `ws` WebSocket the gateway uses (tests pass fakes). */
export interface LiveSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', fn: (data: unknown, isBinary: boolean) => void): unknown;
  on(event: 'pong' | 'close', fn: () => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
}

/** Close codes (4000–4999 are the application's; see docs/live.md). */
export const CLOSE = {
  signedOut: 4401,
  tooManyConnections: 4429,
  badMessages: 4400,
  tooSlow: 4408,
  unavailable: 1011,
  goingAway: 1001,
} as const;

export interface LiveOptions {
  heartbeatMs: number;
  maxConnectionsPerPerson: number;
  replayLimit: number;
  maxBufferedBytes: number;
  /** How long a connection may stay over `maxBufferedBytes` before it is cut. */
  slowGraceMs: number;
  viewTtlMs: number;
  typingTtlMs: number;
  remoteTtlMs: number;
  /** Client messages allowed per 10 s before the connection is closed. */
  maxMessagesPer10s: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  heartbeatMs: 25_000,
  maxConnectionsPerPerson: 10,
  replayLimit: 500,
  maxBufferedBytes: 1 << 20,
  slowGraceMs: 30_000,
  viewTtlMs: 60_000,
  typingTtlMs: 6_000,
  remoteTtlMs: 30_000,
  maxMessagesPer10s: 100,
};

const EVENTS = 'kefu_events';
const PRESENCE = 'kefu_presence';
const OPEN = 1;

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('viewing'), ticket_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable() }),
  z.object({ type: z.literal('typing'), ticket_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ type: z.literal('sent'), ticket_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('ping') }),
]);

interface Conn {
  id: string;
  socket: LiveSocket;
  principal: Principal;
  /** The session or API token to check again on each heartbeat (absent for the local operator). */
  credential?: { sessionToken?: string; bearer?: string };
  personKey: string;
  name: string;
  alive: boolean;
  /** Events that arrived while the replay ran; sent after it. */
  queue: LiveMessage[] | null;
  slowSince: number | null;
  window: { start: number; count: number };
  viewing: number | null;
}

export interface LiveLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The live-updates gateway of one app instance: listens on `kefu_events` and `kefu_presence`,
 * decides per connection what it may hear (liveFilter.ts), replays missed events, keeps presence,
 * heartbeats, back-pressure and a per-person connection limit. Listening starts with the first
 * connection and ends when the app closes.
 */
export class LiveGateway {
  readonly instance = randomBytes(6).toString('hex');
  private readonly o: LiveOptions;
  private conns = new Map<string, Conn>();
  private started: Promise<void> | null = null;
  private stops: Array<() => Promise<void>> = [];
  private timers: NodeJS.Timeout[] = [];
  private pending = new Set<number>();
  private draining: Promise<void> | null = null;
  private lastSeen = 0;
  private closed = false;
  readonly presence: Presence;
  private readonly notifications: NotificationPush;

  constructor(
    private db: Db,
    private log: LiveLog,
    opts: Partial<LiveOptions> = {},
  ) {
    this.o = { ...DEFAULT_LIVE_OPTIONS, ...opts };
    this.notifications = new NotificationPush(db, {
      targets: (personId) => this.targetsOf(personId),
      persons: () => [
        ...new Set([...this.conns.values()].map((c) => c.principal.personId).filter((x): x is number => x != null && x >= 0)),
      ],
      closed: () => this.closed,
      log,
    });
    this.presence = new Presence({
      instance: this.instance,
      viewTtlMs: this.o.viewTtlMs,
      typingTtlMs: this.o.typingTtlMs,
      remoteTtlMs: this.o.remoteTtlMs,
      announce: (a) => {
        if (!this.closed || !a.viewers.length) this.publishPresence(a);
      },
      changed: (ticketId, viewers) => this.pushPresence(ticketId, viewers),
    });
  }

  /** Starts listening (once; later calls wait for the first). */
  start(): Promise<void> {
    this.started ??= (async () => {
      if (!this.db.listen) throw new Error('This database handle cannot LISTEN');
      this.stops.push(await this.db.listen!(EVENTS, (p) => this.heardEvent(p), { onReconnect: () => void this.catchUp() }));
      this.stops.push(await this.db.listen!(PRESENCE, (p) => this.heardPresence(p)));
      this.stops.push(
        await this.db.listen!(NOTIFICATIONS_CHANNEL, (p) => this.notifications.heard(p), {
          onReconnect: () => void this.notifications.catchUp(),
        }),
      );
      this.lastSeen = await liveRepository.lastId(this.db);
      await this.notifications.start();
      this.timers.push(setInterval(() => this.heartbeat(), this.o.heartbeatMs));
      this.timers.push(setInterval(() => this.tick(), Math.min(1000, this.o.typingTtlMs / 2)));
      for (const t of this.timers) t.unref();
    })().catch(async (e) => {
      // Undo a half start (one channel listening), so the next connection starts cleanly.
      for (const t of this.timers.splice(0)) clearInterval(t);
      for (const s of this.stops.splice(0)) await s().catch(() => undefined);
      this.started = null;
      throw e;
    });
    return this.started;
  }

  /** Closes every connection, says goodbye to other instances' presence, stops listening. */
  async stop() {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.presence.clear(Date.now());
    for (const c of this.conns.values()) c.socket.close(CLOSE.goingAway, 'server stopping');
    this.conns.clear();
    await this.draining?.catch(() => undefined);
    await this.notifications.idle();
    await this.presenceSends.catch(() => undefined);
    for (const s of this.stops.splice(0)) await s().catch(() => undefined);
  }

  get connectionCount() {
    return this.conns.size;
  }

  /** Takes a new WebSocket for an authenticated principal (the route checked origin and input). */
  async accept(socket: LiveSocket, o: { principal: Principal; credential?: Conn['credential']; after?: number }) {
    const p = o.principal;
    const personKey = p.personId != null ? `p${p.personId}` : 'system';
    const c: Conn = {
      id: randomBytes(8).toString('hex'),
      socket,
      principal: p,
      credential: o.credential,
      personKey,
      name: '',
      alive: true,
      queue: [],
      slowSince: null,
      window: { start: Date.now(), count: 0 },
      viewing: null,
    };
    socket.on('error', () => undefined);
    if (this.closed) return socket.close(CLOSE.goingAway, 'server stopping');
    if ([...this.conns.values()].filter((x) => x.personKey === personKey).length >= this.o.maxConnectionsPerPerson)
      return socket.close(CLOSE.tooManyConnections, `too many connections (at most ${this.o.maxConnectionsPerPerson} per person)`);
    this.conns.set(c.id, c);
    socket.on('pong', () => {
      c.alive = true;
    });
    socket.on('close', () => this.drop(c));
    socket.on('message', (data, binary) => this.onMessage(c, data, binary));
    try {
      await this.start();
      if (p.personId != null && isStaff(p)) c.name = (await liveRepository.names(this.db, [p.personId]))[0]?.name ?? '';
      const customer = isStaff(p) ? undefined : { personId: p.personId ?? -1, organizationId: p.organizationId };
      let last = 0;
      if (o.after !== undefined) {
        const rows = await liveRepository.after(this.db, o.after, this.o.replayLimit + 1, customer);
        if (rows.length > this.o.replayLimit) this.send(c, { event: 'reload', reason: 'too_many_missed', at: new Date().toISOString() });
        else
          for (const r of rows) {
            const m = liveMessageFor(c.principal, r);
            if (m) this.send(c, m);
          }
        last = rows.length > this.o.replayLimit ? 0 : (rows.at(-1)?.id ?? 0);
      }
      const newest = customer ? await liveRepository.lastVisibleId(this.db, customer) : await liveRepository.lastId(this.db);
      const queued = c.queue ?? [];
      c.queue = null;
      const fresh = queued.filter((m) => m.id > last);
      const lastId = Math.max(newest ?? 0, last, o.after ?? 0, ...fresh.map((m) => m.id));
      this.send(c, { event: 'ready', at: new Date().toISOString(), last_id: lastId, presence: isStaff(p) });
      for (const m of fresh) this.send(c, m);
    } catch (e) {
      this.log.error({ err: e }, 'live: could not start a connection');
      this.drop(c);
      socket.close(CLOSE.unavailable, 'live updates are unavailable; retry later');
    }
  }

  private drop(c: Conn) {
    if (!this.conns.delete(c.id)) return;
    this.presence.leave(c.id, Date.now());
  }

  private send(c: Conn, m: object) {
    this.sendText(c, JSON.stringify(m));
  }

  private sendText(c: Conn, text: string) {
    const s = c.socket;
    if (s.readyState !== OPEN || c.slowSince != null) return;
    if (s.bufferedAmount > this.o.maxBufferedBytes) {
      c.slowSince = Date.now();
      return;
    }
    s.send(text);
  }

  /** A person's open sockets on this instance, for the notification push (staff as of the last credential check). */
  private targetsOf(personId: number): PushTarget[] {
    const out: PushTarget[] = [];
    for (const c of this.conns.values())
      if (c.principal.personId === personId)
        out.push({ personId, staff: isStaff(c.principal), locale: c.principal.locale, send: (m) => this.send(c, m) });
    return out;
  }

  private deliver(c: Conn, m: LiveMessage) {
    if (c.queue) c.queue.push(m);
    else this.send(c, m);
  }

  // --- events ---------------------------------------------------------------------------------

  private heardEvent(payload: string) {
    let id: number;
    try {
      id = Number((JSON.parse(payload) as { id?: unknown }).id);
    } catch {
      return;
    }
    if (!Number.isSafeInteger(id)) return;
    if (id > this.lastSeen) this.lastSeen = id;
    if (!this.conns.size || this.closed) return;
    this.pending.add(id);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.pending.size && !this.closed) this.draining = this.drain();
    });
  }

  /** Loads announced events in batches (one query per burst) and hands them out. */
  private async drain() {
    await new Promise((r) => setImmediate(r));
    while (this.pending.size && !this.closed) {
      const ids = [...this.pending].slice(0, 500);
      for (const id of ids) this.pending.delete(id);
      try {
        this.dispatch(await liveRepository.byIds(this.db, ids));
      } catch (e) {
        if (!this.closed) this.log.error({ err: e }, 'live: could not load events');
      }
    }
  }

  /**
   * Every staff member gets the same message for an event: it is built and serialised once per event
   * for all of them (with a thousand agents connected that is most of the fan-out's CPU); customers'
   * messages depend on who they are and are built per socket, and so do those of agents limited to
   * their groups.
   */
  private dispatch(rows: LiveEvent[]) {
    for (const r of rows) {
      let staffText: string | null | undefined;
      for (const c of this.conns.values()) {
        if (!c.queue && isStaff(c.principal) && !c.principal.ticketGroups) {
          if (staffText === undefined) {
            const m = liveMessageFor(c.principal, r);
            staffText = m ? JSON.stringify(m) : null;
          }
          if (staffText) this.sendText(c, staffText);
        } else {
          const m = liveMessageFor(c.principal, r);
          if (m) this.deliver(c, m);
        }
      }
    }
  }

  /** After the listening connection came back: what was announced meanwhile, or "reload". */
  private async catchUp() {
    if (this.closed) return;
    try {
      const rows = await liveRepository.after(this.db, this.lastSeen, this.o.replayLimit + 1);
      if (rows.length > this.o.replayLimit) {
        for (const c of this.conns.values()) this.send(c, { event: 'reload', reason: 'too_many_missed', at: new Date().toISOString() });
      } else this.dispatch(rows);
      if (rows.length) this.lastSeen = Math.max(this.lastSeen, rows.at(-1)!.id);
    } catch (e) {
      this.log.error({ err: e }, 'live: could not catch up after reconnecting');
    }
  }

  // --- presence -------------------------------------------------------------------------------

  private presenceSends: Promise<unknown> = Promise.resolve();

  private publishPresence(a: PresenceAnnouncement) {
    const text = JSON.stringify(a);
    this.presenceSends = this.presenceSends
      .then(() => liveRepository.notify(this.db, PRESENCE, text))
      .catch((e) => {
        if (!this.closed) this.log.warn({ err: e }, 'live: could not announce presence');
      });
  }

  private heardPresence(payload: string) {
    try {
      const a = JSON.parse(payload) as PresenceAnnouncement;
      if (typeof a?.inst !== 'string' || !Number.isSafeInteger(a.ticket_id) || !Array.isArray(a.viewers)) return;
      this.presence.heard(a, Date.now());
    } catch {
      /* not ours */
    }
  }

  private pushPresence(ticketId: number, viewers: Viewer[]) {
    const m = { event: 'presence', ticket_id: ticketId, at: new Date().toISOString(), viewers };
    for (const c of this.conns.values()) if (c.viewing === ticketId && isStaff(c.principal)) this.send(c, m);
  }

  private onMessage(c: Conn, data: unknown, binary: boolean) {
    const now = Date.now();
    if (now - c.window.start > 10_000) c.window = { start: now, count: 0 };
    if (++c.window.count > this.o.maxMessagesPer10s) return c.socket.close(CLOSE.badMessages, 'too many messages');
    let parsed: z.infer<typeof clientMessage>;
    try {
      if (binary) throw new Error('binary');
      const r = clientMessage.safeParse(JSON.parse(String(data)));
      if (!r.success) throw new Error('shape');
      parsed = r.data;
    } catch {
      return this.send(c, {
        event: 'error',
        code: 'bad_message',
        message: t(c.principal.locale, 'channels.errors.live_bad_message'),
        at: new Date().toISOString(),
      });
    }
    if (parsed.type === 'ping') return this.send(c, { event: 'pong', at: new Date().toISOString() });
    if (!isStaff(c.principal) || c.principal.personId == null)
      return this.send(c, {
        event: 'error',
        code: 'forbidden',
        message: t(c.principal.locale, 'channels.errors.live_presence_staff_only'),
        at: new Date().toISOString(),
      });
    const person = { id: c.principal.personId, name: c.name };
    const ticketId = parsed.type === 'leave' ? null : parsed.ticket_id;
    const moved = ticketId !== c.viewing;
    c.viewing = ticketId;
    if (ticketId == null) return this.presence.leave(c.id, now);
    if (parsed.type === 'typing') this.presence.typing(c.id, ticketId, person, now);
    else if (parsed.type === 'sent') this.presence.sent(c.id, ticketId, person, now);
    else this.presence.view(c.id, ticketId, person, now);
    // A second tab of someone already listed changes nothing for the others, but this one needs the list.
    if (moved)
      this.send(c, {
        event: 'presence',
        ticket_id: ticketId,
        at: new Date().toISOString(),
        viewers: this.presence.viewersOf(ticketId, now),
      });
  }

  // --- timers ---------------------------------------------------------------------------------

  private tick() {
    const now = Date.now();
    this.presence.tick(now);
    for (const c of this.conns.values()) {
      if (c.slowSince == null) continue;
      if (c.socket.bufferedAmount <= this.o.maxBufferedBytes / 4) {
        c.slowSince = null;
        this.send(c, { event: 'reload', reason: 'too_slow', at: new Date().toISOString() });
      } else if (now - c.slowSince > this.o.slowGraceMs) {
        this.drop(c);
        c.socket.terminate();
      }
    }
  }

  /** Ping everyone; cut who did not answer the last ping; end connections whose session or token ended. */
  private heartbeat() {
    for (const c of this.conns.values()) {
      if (!c.alive) {
        this.drop(c);
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      if (c.socket.readyState === OPEN)
        try {
          c.socket.ping();
        } catch {
          /* closing: its 'close' event drops it */
        }
      if (c.credential) void this.recheck(c);
    }
  }

  private async recheck(c: Conn) {
    try {
      const p = await authenticate(this.db, { ...c.credential });
      if (!this.conns.has(c.id)) return;
      if (!p) {
        this.drop(c);
        return c.socket.close(CLOSE.signedOut, 'signed out');
      }
      if (isStaff(c.principal) && !isStaff(p)) {
        this.presence.leave(c.id, Date.now());
        c.viewing = null;
      }
      c.principal = { ...p, locale: c.principal.locale };
    } catch {
      /* the database is busy or gone: check again next time */
    }
  }
}
