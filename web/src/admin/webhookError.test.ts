import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json' with { type: 'json' };
import zh from '../i18n/zh-CN.json' with { type: 'json' };
import { describeDeliveryError } from './webhookError.ts';

describe('a webhook delivery error, as the admin reads it', () => {
  it('names what went wrong, with the code or address it came with', () => {
    expect(describeDeliveryError('DNS: ENOTFOUND')).toEqual({ key: 'dns', values: { code: 'ENOTFOUND' } });
    expect(describeDeliveryError('refused: hooks.example.com resolves to a private address (10.0.0.8)')).toEqual({
      key: 'private',
      values: { host: 'hooks.example.com', address: '10.0.0.8' },
    });
    expect(describeDeliveryError('timeout after 10000 ms')).toEqual({ key: 'timeout', values: { seconds: 10 } });
    expect(describeDeliveryError('ECONNREFUSED')).toEqual({ key: 'refused', values: { code: 'ECONNREFUSED' } });
    expect(describeDeliveryError('CERT_HAS_EXPIRED')).toEqual({ key: 'connection', values: { code: 'CERT_HAS_EXPIRED' } });
    expect(describeDeliveryError('webhook switched off')).toEqual({ key: 'switched_off', values: {} });
    expect(describeDeliveryError('event no longer exists')).toEqual({ key: 'event_gone', values: {} });
    expect(describeDeliveryError('invalid URL')).toEqual({ key: 'invalid_url', values: {} });
    // Anything else is shown as the server wrote it.
    expect(describeDeliveryError('socket hang up')).toBeNull();
  });
  it('has words for every one of them in both languages', () => {
    const keys = [
      'dns',
      'private',
      'timeout',
      'refused',
      'reset',
      'unreachable',
      'connection',
      'switched_off',
      'event_gone',
      'invalid_url',
    ];
    for (const messages of [en, zh]) {
      const errors = (messages.admin.webhooks as unknown as { errors: Record<string, string> }).errors;
      for (const key of keys) expect(errors[key], key).toBeTruthy();
    }
  });
});
