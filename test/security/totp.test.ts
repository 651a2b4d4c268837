import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { keyFromEnv, open, seal, SecretKeyError, type Keyring } from '../../server/modules/security/secretBox.ts';
import { ticketSensitivity, DEFAULT_SECURITY_SETTINGS } from '../../server/modules/security/securitySettings.ts';
import {
  hashRecoveryCode,
  matchTotp,
  newRecoveryCode,
  newTotpSecret,
  otpauthUri,
  stepOf,
  totpAt,
} from '../../server/modules/security/totp.ts';
import { oathtool } from './securityKefu.ts';

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890", 8 digits.
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ];
  it.each(vectors)('at %i s the 8-digit code is %s', async (epoch, code) => {
    const secret = new TextEncoder().encode('12345678901234567890');
    expect(await generate({ secret, epoch, digits: 8 })).toBe(code);
  });

  it('agrees with oathtool on the RFC secret (Base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)', async () => {
    const at = new Date(1111111109 * 1000);
    const ours = await totpAt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', at);
    expect(ours.code).toBe(oathtool('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', at));
    expect(ours.code).toBe('081804');
    expect(ours.expiresAt.toISOString()).toBe(new Date((stepOf(at) + 1) * 30_000).toISOString());
  });

  it('accepts an oathtool code for a new secret in the current and the previous step, not two steps old or in the future', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const at = new Date(1_700_000_015_000); // 15 s into a step
    const code = oathtool(secret, at);
    expect(await matchTotp(secret, code, at)).toBe(stepOf(at));
    expect(await matchTotp(secret, code, new Date(at.getTime() + 30_000))).toBe(stepOf(at));
    expect(await matchTotp(secret, code, new Date(at.getTime() + 60_000))).toBeNull();
    expect(await matchTotp(secret, code, new Date(at.getTime() - 30_000))).toBeNull();
    expect(await matchTotp(secret, String((Number(code) + 1) % 1e6).padStart(6, '0'), at)).toBeNull();
    for (const junk of ['', '12345', '1234567', 'abcdef', '12 456']) expect(await matchTotp(secret, junk, at)).toBeNull();
  });

  it('makes otpauth URIs any RFC 6238 app reads', () => {
    const uri = otpauthUri({ secret: 'JBSWY3DPEHPK3PXP', label: 'ann@example.com' });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Kefu:ann%40example\.com\?/);
    expect(new URL(uri).searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(new URL(uri).searchParams.get('issuer')).toBe('Kefu');
  });

  it('recovery codes are 80 random bits, typed in any case with or without dashes', () => {
    const c = newRecoveryCode();
    expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(hashRecoveryCode(c.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(c));
    expect(new Set(Array.from({ length: 50 }, newRecoveryCode)).size).toBe(50);
  });
});

describe('secrets at rest (AES-256-GCM)', () => {
  const key = keyFromEnv('a'.repeat(40))!;
  const ring: Keyring = { primary: key, all: new Map([[key.id, key]]) };

  it('round-trips, and the sealed form shows neither the secret nor a fixed pattern', () => {
    const a = seal(ring, 'JBSWY3DPEHPK3PXP', 'person:1:two_factor');
    const b = seal(ring, 'JBSWY3DPEHPK3PXP', 'person:1:two_factor');
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(a).not.toBe(b);
    expect(open(ring, a, 'person:1:two_factor')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a secret moved to another row, a tampered one, and one sealed with an unknown key', () => {
    const a = seal(ring, 'JBSWY3DPEHPK3PXP', 'person:1:two_factor');
    expect(() => open(ring, a, 'person:2:two_factor')).toThrow();
    const parts = a.split('.');
    // Flip one bit of the ciphertext's first byte (always a change, unlike overwriting it with a fixed byte).
    const bytes = Buffer.from(parts[4], 'base64url');
    bytes[0] ^= 0x01;
    parts[4] = bytes.toString('base64url');
    expect(() => open(ring, parts.join('.'), 'person:1:two_factor')).toThrow();
    const other = keyFromEnv('b'.repeat(40))!;
    expect(() => open({ primary: other, all: new Map([[other.id, other]]) }, a, 'person:1:two_factor')).toThrow(SecretKeyError);
  });

  it('KEFU_SECRET_KEY must be long enough, and the error names it', () => {
    expect(keyFromEnv(undefined)).toBeNull();
    expect(() => keyFromEnv('short')).toThrow(/KEFU_SECRET_KEY/);
  });
});

describe('which tickets are sensitive', () => {
  const s = DEFAULT_SECURITY_SETTINGS;
  it('withholds declared keys anywhere, and every field of a ticket in a sensitive category', () => {
    expect(ticketSensitivity(s, { category: null, fields: { order: 'A1', card_last4: '4242' } })).toEqual({
      required: true,
      withheld: ['card_last4'],
    });
    expect(ticketSensitivity(s, { category: 'Billing', fields: { order: 'A1' } })).toEqual({ required: true, withheld: ['order'] });
    expect(ticketSensitivity(s, { category: '2fa', fields: {} })).toEqual({ required: true, withheld: [] });
    expect(ticketSensitivity(s, { category: 'howto', fields: { order: 'A1' } })).toEqual({ required: false, withheld: [] });
  });

  it("never withholds the marker of how the ticket came in: it is Kefu's, not the requester's", () => {
    // A guided billing ticket without a description told the agent that details were hidden; there were none.
    expect(ticketSensitivity(s, { category: 'billing', fields: { submitted_via: 'portal_guided' } })).toEqual({
      required: true,
      withheld: [],
    });
    expect(ticketSensitivity(s, { category: 'billing', fields: { submitted_via: 'portal_guided', description: 'VAT' } }).withheld).toEqual([
      'description',
    ]);
  });
});
