import { useEffect, useRef, useState } from 'react';
import { sendLive, useLiveMessages } from '../../api/live.ts';

/** Another agent on this ticket (docs/live.md: presence). */
export interface Viewer {
  id: number;
  name: string;
  typing: boolean;
}

/** How often the server must hear "viewing" (it forgets a viewer after 60 s of silence). */
const VIEW_REPEAT_MS = 20_000;
/** At most one "typing" per this long (typing lasts 6 s after the last one on the server). */
const TYPING_EVERY_MS = 3_000;

/**
 * Presence on the agent's ticket page, over the tab's live socket: says "viewing" while the page is
 * open (again every 20 s and after a reconnect), "leave" when it closes; `typing()` says "typing"
 * (throttled) while the agent types, "sent" when the reply or note went out. Returns the other people on
 * the ticket (never oneself), `typing` to call on each keystroke and `sent` once the composer sent.
 */
export function usePresence(ticketId: number, meId: number | null | undefined): { others: Viewer[]; typing: () => void; sent: () => void } {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const lastTyping = useRef(0);
  useEffect(() => {
    const view = () => sendLive({ type: 'viewing', ticket_id: ticketId });
    view();
    const timer = setInterval(view, VIEW_REPEAT_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') view();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      sendLive({ type: 'leave' });
      setViewers([]);
    };
  }, [ticketId]);
  useLiveMessages((m) => {
    // A (re)connected socket knows nothing of this page yet: say it again.
    if (m.event === 'ready') {
      sendLive({ type: 'viewing', ticket_id: ticketId });
      return;
    }
    if (m.event === 'presence' && m.ticket_id === ticketId && Array.isArray(m.viewers)) setViewers(m.viewers);
  });
  const typing = () => {
    const now = Date.now();
    if (now - lastTyping.current < TYPING_EVERY_MS) return;
    if (sendLive({ type: 'typing', ticket_id: ticketId })) lastTyping.current = now;
  };
  // Sent: the others stop seeing "typing…" at once, not 6 s later.
  const sent = () => {
    lastTyping.current = 0;
    sendLive({ type: 'sent', ticket_id: ticketId });
  };
  return { others: viewers.filter((v) => v.id !== meId), typing, sent };
}
