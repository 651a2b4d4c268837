import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMe } from './session.ts';

/** A message from `GET /api/v1/live` (docs/live.md): a ticket event, or a control message. */
interface LiveMessage { event: string; id?: number; ticket_id?: number; last_id?: number }

/** The lists and ticket views a ticket event can change; the next read goes through the API and its rules. */
function refresh(qc: QueryClient, m: LiveMessage) {
  if (m.event === 'reload') { void qc.invalidateQueries(); return; }
  if (m.ticket_id == null) return;
  const id = String(m.ticket_id);
  void qc.invalidateQueries({ predicate: (q) => {
    const [k, v] = q.queryKey as [unknown, unknown];
    if (k === 'queue' || k === 'tickets' || k === 'ticket-number') return true;
    return (k === 'ticket' || k === 'messages' || k === 'events') && String(v) === id;
  } });
}

/**
 * Keeps the signed-in person's screens current: one WebSocket to `/api/v1/live` (the session cookie
 * authenticates it; the browser sends the desk's Origin), each ticket event refreshes the queries it
 * touches. Reconnects with a growing pause and resumes after the last event seen (`?after=`); the
 * server says `reload` when too much was missed. The 30 s polling stays as a fallback.
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
      socket = new WebSocket(`${proto}//${location.host}/api/v1/live${lastId != null ? `?after=${lastId}` : ''}`);
      socket.onopen = () => { retry = 0; };
      socket.onmessage = (e) => {
        let m: LiveMessage;
        try { m = JSON.parse(String(e.data)) as LiveMessage; } catch { return; }
        if (typeof m.id === 'number') lastId = Math.max(lastId ?? 0, m.id);
        if (m.event === 'ready' && typeof m.last_id === 'number') lastId = Math.max(lastId ?? 0, m.last_id);
        refresh(qc, m);
      };
      socket.onclose = (e) => {
        socket = null;
        // 4401: the session ended; 4429: too many tabs open. Neither gets better by retrying at once.
        if (stopped || e.code === 4401) return;
        const wait = Math.min(30_000, 1000 * 2 ** retry) * (e.code === 4429 ? 4 : 1);
        retry += 1;
        timer = setTimeout(connect, wait);
      };
    };
    connect();
    return () => { stopped = true; if (timer) clearTimeout(timer); socket?.close(1000); };
  }, [personId, qc]);
}
