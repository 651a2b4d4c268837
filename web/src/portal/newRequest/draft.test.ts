import { describe, expect, it } from 'vitest';
import { composeBody, emptyDraft, missing, toFields } from './draft.ts';

const t = (k: string, o?: Record<string, unknown>) => {
  if (k === 'new.body.kv') return `${o!.label}: ${o!.value}`;
  if (k === 'new.body.block') return `${o!.label}:`;
  return o ? `${k}(${JSON.stringify(o)})` : k;
};

describe('the guided submission', () => {
  it('asks for what each step needs before going on', () => {
    const d = emptyDraft();
    expect(missing('organization', d)).toBe('new.err.organization');
    expect(missing('asset', d)).toBe('new.err.asset');
    expect(missing('asset', { ...d, noAsset: true })).toBeNull();
    expect(missing('summary', { ...d, summary: 'hi' })).toBe('new.err.summary');
    expect(missing('checking', d)).toBeNull();
    expect(missing('details', d)).toBeNull();
  });

  it('keeps the structured details in fields and writes them into a readable body', () => {
    const d = {
      ...emptyDraft(), summary: ' Checkout 502 ', category: 'availability', priority: 'P2' as const, occurredAt: '2026-03-02T08:15',
      zone: 'acme.test', frequency: 'always', steps: '1. pay', expected: 'ok', actual: '502', urls: 'https://a.test/x\n https://a.test/y ',
      errors: 'Ray 7a', outputs: [{ tool: 'curl' as const, text: 'HTTP/2 502\n' }, { tool: 'dig' as const, text: '  ' }],
    };
    expect(toFields(d)).toEqual({
      submitted_via: 'portal_guided', occurred_at_utc: '2026-03-02T08:15:00Z', zone: 'acme.test', frequency: 'always', steps_to_reproduce: '1. pay',
      expected_result: 'ok', actual_result: '502', urls: ['https://a.test/x', 'https://a.test/y'], error_messages: 'Ray 7a',
      diagnostics: [{ tool: 'curl', output: 'HTTP/2 502\n' }],
    });
    const body = composeBody(d, t);
    expect(body.startsWith('Checkout 502\n')).toBe(true);
    expect(body).toContain('new.details.occurred: 2026-03-02 08:15 UTC');
    expect(body).toContain('new.details.urls:\n- https://a.test/x\n- https://a.test/y');
    expect(body).toContain('--- new.tool.curl ---\n```\nHTTP/2 502\n```');
    expect(body).not.toContain('new.tool.dig');
  });
});
