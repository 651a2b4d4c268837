/** A size as people read it: 512 B, 12 KB, 3.4 MB (numbers in the viewer's language). */
export function formatBytes(n: number, lang = 'en'): string {
  const f = (v: number, digits: number) => v.toLocaleString(lang, { maximumFractionDigits: digits });
  if (n < 1024) return `${f(n, 0)} B`;
  if (n < 1024 * 1024) return `${f(Math.round(n / 1024), 0)} KB`;
  if (n < 1024 * 1024 * 1024) return `${f(n / 1024 / 1024, 1)} MB`;
  return `${f(n / 1024 / 1024 / 1024, 1)} GB`;
}
