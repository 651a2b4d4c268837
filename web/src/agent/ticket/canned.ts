import { useSyncExternalStore } from 'react';

/**
 * Canned responses, kept in this browser's localStorage until the server has a settings endpoint for them.
 * `{requester}` and `{agent}` are filled in when inserted.
 */
export interface Canned { id: string; title: string; body: string }
const KEY = 'kefu.canned';
const listeners = new Set<() => void>();
let cache: Canned[] | null = null;

function read(): Canned[] {
  if (cache) return cache;
  try { cache = JSON.parse(localStorage.getItem(KEY) ?? 'null') ?? null; } catch { cache = null; }
  return cache ?? (cache = []);
}
function write(list: Canned[]) {
  cache = list;
  try { localStorage.setItem(KEY, JSON.stringify(list)); } catch { /* storage full or blocked */ }
  for (const l of listeners) l();
}

export const cannedStore = {
  list: read,
  add: (title: string, body: string) => write([...read(), { id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, title, body }]),
  remove: (id: string) => write(read().filter((c) => c.id !== id)),
  /** The first time, a few starters in the agent's language. */
  seed: (items: Array<{ title: string; body: string }>) => {
    try { if (localStorage.getItem(KEY) !== null) return; } catch { return; }
    write(items.map((x, i) => ({ id: `starter-${i}`, ...x })));
  },
};

export function useCanned(): Canned[] {
  return useSyncExternalStore((fn) => { listeners.add(fn); return () => listeners.delete(fn); }, read, read);
}

export const fillCanned = (body: string, v: { requester: string; agent: string }) =>
  body.replace(/\{requester\}/g, v.requester).replace(/\{agent\}/g, v.agent);
