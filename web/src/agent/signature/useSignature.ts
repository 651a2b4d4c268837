import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';

export type Signatures = ApiResponse<'/api/v1/me/signature', 'get'>['signatures'];
export type SignatureLang = 'en' | 'zh-CN';
const KEY = ['me', 'signature'];

/** The signed-in agent's signature per language (GET/PUT /me/signature). */
export function useSignature(enabled = true) {
  return useQuery({
    queryKey: KEY,
    enabled,
    queryFn: () => api.get<{ signatures: Signatures }>('/me/signature').then((r) => r.signatures),
  });
}

export function useSaveSignature() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: Partial<Record<SignatureLang, string>>) =>
      api.put<{ signatures: Signatures }>('/me/signature', { signatures: s }).then((r) => r.signatures),
    onSuccess: (s) => qc.setQueryData(KEY, s),
  });
}

/** The signature for a reply in `lang`, else the other language's (an agent may keep only one). */
export function signatureFor(s: Signatures | undefined, lang: SignatureLang): { text: string; lang: SignatureLang } | null {
  if (!s) return null;
  const other: SignatureLang = lang === 'en' ? 'zh-CN' : 'en';
  if (s[lang]?.trim()) return { text: s[lang], lang };
  if (s[other]?.trim()) return { text: s[other], lang: other };
  return null;
}

const esc = (x: string) => x.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A reply with the signature under the usual "-- " separator, as text and as HTML. */
export function withSignature(body: { text: string; html: string }, signature: string | null): { text: string; html: string } {
  if (!signature?.trim()) return body;
  return {
    text: `${body.text.trimEnd()}\n\n-- \n${signature}`,
    html: `${body.html}<p class="signature">-- <br>${signature.split('\n').map(esc).join('<br>')}</p>`,
  };
}
