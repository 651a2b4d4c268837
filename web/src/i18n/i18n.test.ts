import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

function flatten(o: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}) {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v;
  }
  return out;
}
const EN = flatten(en);
const ZH = flatten(zhCN);
const placeholders = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const SRC = join(import.meta.dirname, '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('web i18n', () => {
  it('English and 简体中文 have exactly the same keys', () => {
    expect(Object.keys(ZH).sort()).toEqual(Object.keys(EN).sort());
  });

  it('no value is empty, and every value is a string', () => {
    for (const [k, v] of [...Object.entries(EN), ...Object.entries(ZH)]) {
      expect(typeof v, k).toBe('string');
      expect(String(v).trim(), k).not.toBe('');
    }
  });

  it('both languages use the same {placeholders} in each text', () => {
    for (const k of Object.keys(EN)) expect(placeholders(ZH[k]), k).toEqual(placeholders(EN[k]));
  });

  it('every key the code names literally exists', () => {
    const missing: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      // A key used with a count may exist only in its plural forms (i18next picks key_one / key_other).
      const exists = (k: string) => k in EN || (`${k}_one` in EN && `${k}_other` in EN);
      for (const m of text.matchAll(/\bt\(\s*'([a-z0-9_.-]+)'/gi))
        if (!exists(m[1])) missing.push(`${m[1]} (${file.slice(SRC.length + 1)})`);
    }
    expect(missing).toEqual([]);
  });

  it('families of keys built at run time are complete', () => {
    const families: Record<string, string[]> = {
      status: ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'],
      'queue.reason': ['due', 'overdue', 'paused', 'no_target', 'no_running_target'],
      'sla.metric': ['first_response', 'next_response', 'resolution'],
      'sla.kind': ['sla', 'slo'],
      weekday: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      role: ['customer', 'agent', 'admin'],
      'agent.view': ['mine', 'unassigned', 'groups', 'open', 'at_risk', 'pending'],
      'agent.empty': ['mine', 'unassigned', 'groups', 'open', 'at_risk', 'pending'],
      'new.step': ['organization', 'asset', 'summary', 'checking', 'category', 'priority', 'details', 'review'],
      'new.title': ['organization', 'asset', 'summary', 'checking', 'category', 'priority', 'details', 'review'],
      'new.intro': ['organization', 'asset', 'summary', 'checking', 'category', 'priority', 'details', 'review'],
    };
    for (const [prefix, names] of Object.entries(families))
      for (const n of names) expect(EN, `${prefix}.${n}`).toHaveProperty([`${prefix}.${n}`]);
    for (const p of ['P1', 'P2', 'P3', 'P4']) {
      expect(EN).toHaveProperty([`priority.${p}.name`]);
      expect(EN).toHaveProperty([`priority.${p}.definition`]);
    }
  });

  it('an English text that counts things has a singular form ("1 member", not "1 members")', () => {
    // "{count} members" without a `_one` sibling reads "1 members" for one.
    const countsPlural = Object.entries(EN)
      .filter(([k]) => !/_(zero|one|two|few|many|other)$/.test(k))
      .filter(([, v]) => /\{count\} [a-z]+s\b/.test(String(v)))
      .map(([k]) => k);
    expect(countsPlural).toEqual([]);
  });

  it('the P1–P4 definitions say what the support policy says', () => {
    expect(EN['priority.P1.definition']).toMatch(/multiple locations/);
    expect(EN['priority.P2.definition']).toMatch(/one location or region/);
    expect(EN['priority.P3.definition']).toMatch(/does not make it unavailable/);
    expect(EN['priority.P4.definition']).toMatch(/General questions/);
  });
});
