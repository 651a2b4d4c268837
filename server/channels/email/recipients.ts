import type { Queryable } from '../../db/client.ts';
import { supportAddressRepository } from '../../modules/email/supportAddressRepository.ts';
import { supportAddressGeneration } from '../../modules/email/supportAddresses.ts';

/** `support+tok@x.cn` → base `support@x.cn`, tag `tok`. Lower case. */
export function splitAddress(address: string): { base: string; tag: string | null } {
  const a = address.trim().toLowerCase().replace(/^<|>$/g, '');
  const at = a.lastIndexOf('@');
  if (at < 0) return { base: a, tag: null };
  const local = a.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return { base: a, tag: null };
  return { base: `${local.slice(0, plus)}${a.slice(at)}`, tag: local.slice(plus + 1) || null };
}

const TTL_MS = 5000;

/** The support addresses, cached briefly (a change made through this process's API applies at once). */
export function supportAddressSet(q: Queryable, fallback?: string) {
  let cache: { at: number; gen: number; set: Set<string>; groups: Map<string, number> } | null = null;
  const refresh = async () => {
    if (cache && cache.gen === supportAddressGeneration() && Date.now() - cache.at < TTL_MS) return cache;
    const gen = supportAddressGeneration();
    const routes = await supportAddressRepository.routes(q);
    const set = new Set(routes.map((r) => r.email));
    if (fallback) set.add(fallback.toLowerCase());
    const groups = new Map(routes.filter((r) => r.group_id != null).map((r) => [r.email, r.group_id!]));
    cache = { at: Date.now(), gen, set, groups };
    return cache;
  };
  const load = async (): Promise<Set<string>> => (await refresh()).set;
  return {
    load,
    /** True for a support address and its `+token` forms. */
    async accepts(address: string): Promise<boolean> {
      return (await load()).has(splitAddress(address).base);
    },
    /** The group new tickets to this address (or its `+token` form) go to; null: none. */
    async groupOf(address: string): Promise<number | null> {
      return (await refresh()).groups.get(splitAddress(address).base) ?? null;
    },
  };
}
export type SupportAddressSet = ReturnType<typeof supportAddressSet>;
