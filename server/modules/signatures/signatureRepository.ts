import type { Queryable } from '../../db/client.ts';

export const SIGNATURE_LOCALES = ['en', 'zh-CN'] as const;
export type SignatureLocale = (typeof SIGNATURE_LOCALES)[number];
export type Signatures = Record<SignatureLocale, string>;

/** A stored value as both languages (a missing or odd value reads as empty). */
export function presentSignatures(raw: unknown): Signatures {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return Object.fromEntries(SIGNATURE_LOCALES.map((l) => [l, typeof o[l] === 'string' ? o[l] : ''])) as Signatures;
}

export const signatureRepository = {
  async get(q: Queryable, personId: number): Promise<Signatures> {
    const rows = await q.query<{ signatures: unknown }>(`select signatures from people where id = $1`, [personId]);
    return presentSignatures(rows[0]?.signatures);
  },
  async set(q: Queryable, personId: number, value: Signatures): Promise<Signatures> {
    const rows = await q.query<{ signatures: unknown }>(`update people set signatures = $2::jsonb where id = $1 returning signatures`, [
      personId,
      JSON.stringify(value),
    ]);
    return presentSignatures(rows[0]?.signatures);
  },
};
