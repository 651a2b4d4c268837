import type { Db } from '../../db/client.ts';
import { presentNotification } from '../../modules/notifications/notificationPresenter.ts';
import { notificationRepository, type NotificationRow } from '../../modules/notifications/notificationRepository.ts';

/** The channel a notifications trigger (migration 0013) and markRead announce on. */
export const NOTIFICATIONS_CHANNEL = 'kefu_notifications';

/** A socket the push may write to: its person, whether it is staff now, its language. */
export interface PushTarget {
  personId: number | null;
  staff: boolean;
  locale: string;
  send(m: object): void;
}

type Row = NotificationRow & { person_id: number };

/**
 * Pushes an agent's new notifications to that agent's sockets (and only theirs), each rendered in the
 * socket's language, and tells them when notifications were marked read (another tab), so the bell
 * count follows. Each instance hears every announcement once and writes to its own sockets: once per
 * socket across instances. Inserts are announced with {id, person_id} and loaded in batches; marks
 * with {read: true, person_id, ids?|all?} and passed on as they are.
 */
export class NotificationPush {
  private pending = new Set<number>();
  private draining: Promise<void> | null = null;
  private lastSeen = 0;

  constructor(
    private db: Db,
    private o: {
      targets(personId: number): PushTarget[];
      persons(): number[];
      closed(): boolean;
      log: { error(obj: object, msg: string): void };
    },
  ) {}

  async start() {
    this.lastSeen = await notificationRepository.lastId(this.db);
  }

  /** A payload heard on NOTIFICATIONS_CHANNEL. */
  heard(payload: string) {
    let p: { id?: unknown; person_id?: unknown; read?: unknown; ids?: unknown; all?: unknown };
    try {
      p = JSON.parse(payload);
    } catch {
      return;
    }
    const personId = Number(p?.person_id);
    if (!Number.isSafeInteger(personId)) return;
    if (p.read === true) {
      const ids = Array.isArray(p.ids) ? p.ids.filter((x) => Number.isSafeInteger(x)) : undefined;
      const m = { event: 'notifications_read', at: new Date().toISOString(), ...(p.all === true ? { all: true } : ids ? { ids } : {}) };
      for (const t of this.o.targets(personId)) if (t.staff) t.send(m);
      return;
    }
    const id = Number(p.id);
    if (!Number.isSafeInteger(id)) return;
    if (id > this.lastSeen) this.lastSeen = id;
    if (!this.o.targets(personId).length || this.o.closed()) return;
    this.pending.add(id);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      if (this.pending.size && !this.o.closed()) this.draining = this.drain();
    });
  }

  /** After the listening connection came back: the connected people's notifications announced meanwhile. */
  async catchUp() {
    try {
      const rows = await notificationRepository.after(this.db, this.lastSeen, this.o.persons(), 500);
      this.dispatch(rows);
      if (rows.length) this.lastSeen = Math.max(this.lastSeen, rows.at(-1)!.id);
    } catch (e) {
      if (!this.o.closed()) this.o.log.error({ err: e }, 'live: could not catch up on notifications');
    }
  }

  async idle() {
    await this.draining?.catch(() => undefined);
  }

  private async drain() {
    await new Promise((r) => setImmediate(r));
    while (this.pending.size && !this.o.closed()) {
      const ids = [...this.pending].slice(0, 500);
      for (const id of ids) this.pending.delete(id);
      try {
        this.dispatch(await notificationRepository.byIds(this.db, ids));
      } catch (e) {
        if (!this.o.closed()) this.o.log.error({ err: e }, 'live: could not load notifications');
      }
    }
  }

  private dispatch(rows: Row[]) {
    for (const r of rows) {
      const targets = this.o.targets(Number(r.person_id)).filter((t) => t.staff);
      if (!targets.length) continue;
      const byLocale = new Map<string, object>();
      for (const t of targets) {
        let m = byLocale.get(t.locale);
        if (!m) {
          const notification = presentNotification(r, t.locale);
          m = { event: 'notification', ticket_id: r.ticket_id, at: notification.created_at ?? new Date().toISOString(), notification };
          byLocale.set(t.locale, m);
        }
        t.send(m);
      }
    }
  }
}
