import { describe, expect, it } from 'vitest';
import { composeBody, emptyDraft, isWithheld, missing, toFields, withheldKeys } from './draft.ts';

const t = (k: string, o?: Record<string, unknown>) => {
  if (k === 'new.body.kv') return `${o!.label}: ${o!.value}`;
  if (k === 'new.body.block') return `${o!.label}:`;
  return o ? `${k}(${JSON.stringify(o)})` : k;
};
const SENSITIVE = { fields: ['billing', 'account_settings', '2fa_reset'], categories: ['billing', '2fa'] };

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
      ...emptyDraft(),
      summary: ' Checkout 502 ',
      category: 'availability',
      technical: true,
      priority: 'P2' as const,
      occurredAt: '2026-03-02T08:15',
      domain: 'acme.test',
      frequency: 'always',
      description: 'Only in Europe',
      steps: '1. pay',
      expected: 'ok',
      actual: '502',
      urls: 'https://a.test/x\n https://a.test/y ',
      errors: 'Ray 7a',
      outputs: [
        { tool: 'curl' as const, text: 'HTTP/2 502\n' },
        { tool: 'dig' as const, text: '  ' },
      ],
    };
    expect(toFields(d)).toEqual({
      submitted_via: 'portal_guided',
      description: 'Only in Europe',
      occurred_at_utc: '2026-03-02T08:15:00Z',
      domain: 'acme.test',
      frequency: 'always',
      steps_to_reproduce: '1. pay',
      expected_result: 'ok',
      actual_result: '502',
      urls: ['https://a.test/x', 'https://a.test/y'],
      error_messages: 'Ray 7a',
      diagnostics: [{ tool: 'curl', output: 'HTTP/2 502\n' }],
    });
    const body = composeBody(d, t, SENSITIVE);
    expect(body.startsWith('Checkout 502\n')).toBe(true);
    expect(body).toContain('new.details.occurred: 2026-03-02 08:15 UTC');
    expect(body).toContain('new.details.domain: acme.test');
    expect(body).toContain('new.details.description:\nOnly in Europe');
    expect(body).toContain('new.details.urls:\n- https://a.test/x\n- https://a.test/y');
    expect(body).toContain('--- new.tool.curl ---\n```\nHTTP/2 502\n```');
    expect(body).not.toContain('new.tool.dig');
    expect(body).not.toContain('new.body.withheld');
  });

  it("a non-technical category sends its description, not the engineer's details left over from another category", () => {
    const d = {
      ...emptyDraft(),
      summary: 'Report phishing site',
      category: 'abuse',
      technical: false,
      description: 'phish.example copies our login page',
      steps: 'left over',
      domain: 'acme.test',
    };
    expect(toFields(d)).toEqual({ submitted_via: 'portal_guided', description: 'phish.example copies our login page' });
    expect(composeBody(d, t, SENSITIVE)).toContain('phish.example copies our login page');
  });

  it("keeps sensitive details out of the body: all of a billing ticket's, and sensitive keys of others", () => {
    const d = {
      ...emptyDraft(),
      summary: 'Invoice has the wrong VAT number',
      category: 'billing',
      technical: false,
      description: 'VAT DE123456789, card ending 4242',
      occurredAt: '2026-03-02T08:15',
    };
    const body = composeBody(d, t, SENSITIVE);
    expect(body).not.toContain('4242');
    expect(body).not.toContain('2026-03-02');
    expect(body).toContain('Invoice has the wrong VAT number');
    expect(body).toContain('new.body.withheld');
    expect(toFields(d).description).toBe('VAT DE123456789, card ending 4242');
    expect(withheldKeys(d, SENSITIVE)).toEqual(['description', 'occurred_at_utc']);
    expect(isWithheld('account_settings', 'account', SENSITIVE)).toBe(true);
    expect(isWithheld('description', 'account', SENSITIVE)).toBe(false);
    expect(isWithheld('submitted_via', 'billing', SENSITIVE)).toBe(false);
  });
});
