import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useMe } from './session.ts';

/** A message from `GET /api/v1/live` (docs/live.md): a ticket event, presence, a notification, or a control message. */
export interface LiveMessage {
  event: string;
  id?: number;
  ticket_id?: number;
  last_id?: number;
  at?: string;
  viewers?: Array<{ id: number; name: string; typing: boolean }>;
  notification?: {
    id: number;
    kind: string;
    ticket_id: number;
    ticket_number: number | null;
    text: string;
    read_at: string | null;
    created_at: string;
  };
}

/** The lists and ticket views a ticket event can change; the next read goes through the API and its rules. */
function refresh(qc: QueryClient, m: LiveMessage) {
  if (m.event === 'reload') {
    void qc.invalidateQueries();
    return;
  }
  // A new notification, some marked read in another tab, or a (re)connection that may have missed either: the bell re-reads.
  if (m.event === 'notification' || m.event === 'notifications_read' || m.event === 'ready') {
    void qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
    if (m.event !== 'ready') return;
  }
  if (m.ticket_id == null || m.event === 'presence') return;
  const id = String(m.ticket_id);
  void qc.invalidateQueries({
    predicate: (q) => {
      const [k, v] = q.queryKey as [unknown, unknown];
      if (k === 'queue' || k === 'tickets' || k === 'ticket-number') return true;
      return (k === 'ticket' || k === 'messages' || k === 'events') && String(v) === id;
    },
  });
}

// --- the tab's one socket, shared: send on it, and listen to what arrives ---------------------------

type Listener = (m: LiveMessage) => void;
const listeners = new Set<Listener>();
let current: WebSocket | null = null;

/** Sends a client message (`{"type":"viewing"|"typing"|"leave"|"ping", …}`) if the socket is open; false otherwise. */
export function sendLive(m: { type: string; ticket_id?: number | null }): boolean {
  if (!current || current.readyState !== WebSocket.OPEN) return false;
  current.send(JSON.stringify(m));
  return true;
}

/** Calls `handler` with every message the socket receives while the component is mounted (the latest handler is used). */
export function useLiveMessages(handler: Listener) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const l: Listener = (m) => ref.current(m);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
}

/**
 * Keeps the signed-in person's screens current: one WebSocket to `/api/v1/live` (the session cookie
 * authenticates it; the browser sends the desk's Origin), each ticket event refreshes the queries it
 * touches, notifications refresh the bell. Reconnects with a growing pause and resumes after the last
 * event seen (`?after=`); the server says `reload` when too much was missed. The 30 s polling stays
 * as a fallback. Other hooks send on the socket (`sendLive`) and hear its messages (`useLiveMessages`).
 */
export function useLiveUpdates() {
  const qc = useQueryClient();
  const me = useMe().data;
  const personId = me?.id;
  useEffect(() => {
    if (personId == null || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let lastId: number | null = null;
    let retry = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const connect = () => {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const s = new WebSocket(`${proto}//${location.host}/api/v1/live${lastId != null ? `?after=${lastId}` : ''}`);
      socket = s;
      current = s;
      s.onopen = () => {
        retry = 0;
      };
      s.onmessage = (e) => {
        let m: LiveMessage;
        try {
          m = JSON.parse(String(e.data)) as LiveMessage;
        } catch {
          return;
        }
        if (typeof m.id === 'number') lastId = Math.max(lastId ?? 0, m.id);
        if (m.event === 'ready' && typeof m.last_id === 'number') lastId = Math.max(lastId ?? 0, m.last_id);
        refresh(qc, m);
        for (const l of [...listeners]) {
          try {
            l(m);
          } catch {
            /* one listener's failure is not the socket's */
          }
        }
      };
      s.onclose = (e) => {
        socket = null;
        if (current === s) current = null;
        // 4401: the session ended; 4429: too many tabs open. Neither gets better by retrying at once.
        if (stopped || e.code === 4401) return;
        const wait = Math.min(30_000, 1000 * 2 ** retry) * (e.code === 4429 ? 4 : 1);
        retry += 1;
        timer = setTimeout(connect, wait);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (current === socket) current = null;
      socket?.close(1000);
    };
  }, [personId, qc]);
}
