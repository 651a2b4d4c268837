/**
 * Who else has this ticket open. The server does not publish presence yet (it will over the WebSocket),
 * so this returns nobody; the notice below renders whatever it is fed.
 */
export interface Viewer { id: number; name: string; composing?: boolean }
export function usePresence(_ticketId: number): Viewer[] {
  return [];
}
