import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.ts';
import { allKeys, t } from './index.ts';

/**
 * The server's texts (mails, notes, error messages) exist in both languages, and every key the code
 * names literally exists: `t()` throws on a missing key, which would turn a refusal into a 500.
 */
const EN = new Set(allKeys('en'));
const ZH = new Set(allKeys('zh-CN'));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.ts$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

/** Where the code names a text by a literal key. */
const KEY_USES = [
  /\bt\(\s*[^,()]+,\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g, // t(locale, 'area.key')
  /\btext\(\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g, // text('area.key')
  /\blocalizedError\(\s*'\w+',\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g, // localizedError(code, 'area.key')
  /\b(?:missingKey|key):\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g, // { key: 'area.key' }
];
const TEXT_AREAS = new Set(allKeys('en').map((k) => k.split('.')[0]));

describe('server texts', () => {
  it('English and 简体中文 have exactly the same keys', () => {
    expect([...ZH].filter((k) => !EN.has(k)).sort()).toEqual([]);
    expect([...EN].filter((k) => !ZH.has(k)).sort()).toEqual([]);
  });

  it('a Chinese text fills only {placeholders} its English text is given', () => {
    // It may leave one out ("重置您的密码" needs no product name); one the caller does not pass would show as "{x}".
    const unknown = [...ZH].flatMap((k) =>
      placeholders(t('zh-CN', k)).flatMap((p) => (placeholders(t('en', k)).includes(p) ? [] : [`${k}: {${p}}`])),
    );
    expect(unknown).toEqual([]);
  });

  it('a text is empty in both languages or in neither', () => {
    // Empty on purpose: a passing check's "how to fix" line.
    expect([...EN].filter((k) => !t('en', k).trim() !== !t('zh-CN', k).trim())).toEqual([]);
  });

  it('every key the code names literally exists', () => {
    const root = fromRoot('server');
    const missing: string[] = [];
    for (const file of sources(root)) {
      const src = readFileSync(file, 'utf8');
      for (const re of KEY_USES)
        for (const m of src.matchAll(re)) {
          // `key: '…'` is also a job's or a setting's key: only names in a text area are texts.
          if (!TEXT_AREAS.has(m[1].split('.')[0])) continue;
          if (!EN.has(m[1])) missing.push(`${m[1]} (${file.slice(root.length + 1)})`);
        }
    }
    expect(missing).toEqual([]);
  });

  it("no error is raised with a literal English sentence: each names a text, answered in the reader's language", () => {
    const root = fromRoot('server');
    const literal = /\b(?:forbidden|invalid|unprocessable|conflict)\(\s*['"`]|\bnew AppError\(\s*'\w+',\s*['"`]/g;
    // Never read by anyone: the client has gone (server/db/cancellation.ts).
    const allowed = new Set(['db/cancellation.ts']);
    const found: string[] = [];
    for (const file of sources(root)) {
      const rel = file.slice(root.length + 1);
      if (allowed.has(rel)) continue;
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(literal)) found.push(`${rel}:${src.slice(0, m.index).split('\n').length}`);
    }
    expect(found).toEqual([]);
  });

  it('no text is defined twice (in two files, the later one would silently win)', () => {
    for (const locale of ['en', 'zh-CN']) {
      const dir = fromRoot('server', 'i18n', 'locales', locale);
      const seen = new Map<string, string>();
      const twice: string[] = [];
      const walk = (o: Record<string, unknown>, prefix: string, file: string) => {
        for (const [k, v] of Object.entries(o)) {
          const key = prefix ? `${prefix}.${k}` : k;
          if (v && typeof v === 'object') walk(v as Record<string, unknown>, key, file);
          else if (seen.has(key)) twice.push(`${locale}: ${key} (${seen.get(key)}, ${file})`);
          else seen.set(key, file);
        }
      };
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')))
        walk(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>, '', f);
      expect(twice).toEqual([]);
    }
  });

  it('a Chinese text calls the product 客服系统, as the web app does, never by its English name', () => {
    // Before, a Chinese customer's checks read "该域名解析到 Kefu 不会连接的地址".
    const english = [...ZH].filter((k) => /\bKefu\b/.test(t('zh-CN', k)));
    expect(english).toEqual([]);
  });
});
