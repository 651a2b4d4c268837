import { highlight } from './highlight.ts';

/** Text with the query's terms in <mark>: React nodes only, never HTML. */
export function Highlight({ text, query }: { text: string; query: string }) {
  return <>{highlight(text, query).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}
