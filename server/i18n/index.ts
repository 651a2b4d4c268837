import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../paths.ts';

/**
 * Server-side texts (emails, system notes, API messages shown to people) in `en` and `zh-CN`.
 * Each area keeps its own file: locales/<locale>/<area>.json, keys prefixed by the area.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const root = fromRoot('server', 'i18n', 'locales');
const dictionaries = new Map<Locale, Record<string, string>>();

function load(locale: Locale): Record<string, string> {
  let d = dictionaries.get(locale);
  if (!d) {
    d = {};
    for (const f of readdirSync(join(root, locale))
      .filter((x) => x.endsWith('.json'))
      .sort())
      Object.assign(d, flatten(JSON.parse(readFileSync(join(root, locale, f), 'utf8'))));
    dictionaries.set(locale, d);
  }
  return d;
}

function flatten(o: Record<string, unknown>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v as Record<string, unknown>, key, out);
    else out[key] = String(v);
  }
  return out;
}

export function normalizeLocale(input: string | null | undefined): Locale {
  if (!input) return 'en';
  const l = input.toLowerCase();
  return l.startsWith('zh') ? 'zh-CN' : 'en';
}

/** Looks a key up in the locale, then English; `{name}` placeholders are filled from params. */
export function t(locale: string | null | undefined, key: string, params: Record<string, unknown> = {}): string {
  const loc = normalizeLocale(locale);
  const text = load(loc)[key] ?? load('en')[key];
  if (text === undefined) throw new Error(`Missing i18n key ${key}`);
  return text.replace(/\{(\w+)\}/g, (_, p: string) => {
    const v = params[p];
    if (v === undefined) return `{${p}}`;
    // A parameter that is itself a text (`{ key, params }`, e.g. a place in a form) is said in the same language.
    if (v && typeof v === 'object' && typeof (v as { key?: unknown }).key === 'string') {
      const inner = v as { key: string; params?: Record<string, unknown> };
      return t(loc, inner.key, inner.params ?? {});
    }
    return String(v);
  });
}

export function allKeys(locale: Locale): string[] {
  return Object.keys(load(locale));
}

/**
 * Chinese puts a space between a Latin word and a Chinese one ("Free 计划"), not between two Chinese
 * words: a template written for a Latin name ("您的 {plan} 计划") reads "您的免费计划" with a Chinese one.
 */
export function tightenHan(text: string): string {
  return text.replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}
