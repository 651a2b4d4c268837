import { describe, expect, it } from 'vitest';
import { imapFailureKind } from './imapFailure.ts';

describe('imapFailureKind', () => {
  it('names the failure from the code Node or imapflow gives', () => {
    expect(imapFailureKind({ code: 'ECONNREFUSED', text: 'connect ECONNREFUSED 127.0.0.1:1' })).toBe('refused');
    expect(imapFailureKind({ code: 'ENOTFOUND', text: 'getaddrinfo ENOTFOUND imap.example.invalid' })).toBe('host_not_found');
    expect(imapFailureKind({ code: 'EAI_AGAIN' })).toBe('host_not_found');
    expect(imapFailureKind({ code: 'GREETING_TIMEOUT', text: 'Failed to receive greeting from server in required time' })).toBe('timeout');
    expect(imapFailureKind({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' })).toBe('tls');
    expect(imapFailureKind({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', text: 'self-signed certificate' })).toBe('tls');
    expect(imapFailureKind({ authenticationFailed: true, text: 'Authentication failed.' })).toBe('auth');
    expect(imapFailureKind({ serverResponseCode: 'AUTHENTICATIONFAILED' })).toBe('auth');
  });

  it('names it again from the stored text alone, and says "other" for what it does not know', () => {
    expect(imapFailureKind({ text: 'connect ECONNREFUSED 127.0.0.1:1' })).toBe('refused');
    expect(imapFailureKind({ text: 'getaddrinfo ENOTFOUND imap.example.invalid' })).toBe('host_not_found');
    expect(imapFailureKind({ text: 'Failed to receive greeting from server in required time. Maybe should use TLS?' })).toBe('timeout');
    expect(imapFailureKind({ text: '808C:error:0A00010B:SSL routines:ssl3_get_record:wrong version number' })).toBe('tls');
    expect(imapFailureKind({ text: '[AUTHENTICATIONFAILED] Authentication failed.' })).toBe('auth');
    expect(imapFailureKind({ text: 'Mailbox does not exist' })).toBe('other');
    expect(imapFailureKind({})).toBe('other');
  });
});
