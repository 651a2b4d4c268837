import type { Principal } from '../auth/principal.ts';
import { kbPolicy } from './kbPolicy.ts';
import { renderMarkdown } from './renderMarkdown.ts';

/** The HTML the public page would show for this Markdown (the editor's preview; nothing is stored). */
export function previewMarkdown(o: { actor: Principal; markdown: string }) {
  kbPolicy.writeDraft(o.actor);
  return { html: renderMarkdown(o.markdown) };
}
