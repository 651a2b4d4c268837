import { t } from '../i18n/index.ts';

/** The parts of a zod issue (as fastify-type-provider-zod passes it) a message is made from. */
interface Issue {
  code?: string;
  message?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  format?: string;
  values?: unknown[];
  keys?: string[];
  input?: unknown;
}

/** Our own schema messages (refinements), in the other language. */
export const CUSTOM: Record<string, string> = {
  'one line of text, without line breaks or control characters': 'validation.one_line',
  'must be the 6-digit code': 'validation.six_digits',
  'lower-case letters, digits, - and _': 'validation.key_chars',
  'Unknown time zone: use an IANA name such as Asia/Shanghai or Europe/London': 'validation.time_zone',
  'Search for at least one letter, digit or Chinese character': 'validation.search_text',
  'Give from, to or last_days': 'validation.date_range',
  'lower-case letters, digits and _, starting with a letter (at most 63)': 'validation.field_key_chars',
  'must be a domain name such as example.com': 'validation.domain',
  'an id': 'validation.id',
  'A slug is 1 to 80 lowercase letters, digits or -, starting with a letter or digit': 'validation.slug',
  'A category slug is 1 to 60 lowercase letters, digits or -, starting with a letter or digit': 'validation.category_slug',
  'The slug "articles" is taken by article pages': 'validation.slug_taken',
  'A component key is 1 to 40 lowercase letters, digits, - or _, starting with a letter or digit': 'validation.component_key',
  'Idempotency-Key must be 1 to 200 visible ASCII characters': 'validation.idempotency_key',
  'must look like smtp://user:pass@host:port or smtps://…': 'validation.smtp_url',
  'an authserv-id such as mx.example.com': 'validation.authserv_id',
  'A comment cannot contain NUL characters': 'validation.comment_nul',
  'Expected an ISO 8601 date (2026-11-01) or instant with an offset (2026-11-01T08:00:00+08:00)': 'validation.period_bound',
  'a message needs a body or html': 'validation.message_body',
};

/** The kind of value a field expects, named for the reader (a wrong-typed value is not a missing one). */
const KINDS: Record<string, string> = {
  string: 'validation.kind.text',
  number: 'validation.kind.number',
  int: 'validation.kind.whole_number',
  array: 'validation.kind.list',
  object: 'validation.kind.object',
  boolean: 'validation.kind.boolean',
};

/**
 * A validation problem in the reader's language. English keeps zod's words (and ours); other
 * languages get a sentence per kind of problem, with the limits, from server/i18n (`http.validation.*`).
 */
export function validationMessage(issue: Issue | undefined, fallback: string, locale: string): string {
  if (locale === 'en' || !issue?.code) return fallback;
  const k = (key: string, params: Record<string, unknown> = {}) => t(locale, `http.${key}`, params);
  const text = issue.origin === 'string';
  switch (issue.code) {
    case 'too_small':
      if (text) return Number(issue.minimum) <= 1 ? k('validation.required') : k('validation.min_chars', { min: issue.minimum });
      if (issue.origin === 'array') return k('validation.min_items', { min: issue.minimum });
      return k('validation.min_number', { min: issue.minimum });
    case 'too_big':
      if (text) return k('validation.max_chars', { max: issue.maximum });
      if (issue.origin === 'array') return k('validation.max_items', { max: issue.maximum });
      return k('validation.max_number', { max: issue.maximum });
    case 'invalid_type': {
      // zod does not pass the input along; its message says what it received ("…, received null").
      const received = issue.input !== undefined ? typeof issue.input : /received (\w+)/.exec(issue.message ?? '')?.[1];
      if (!received || received === 'undefined' || received === 'null') return k('validation.required');
      const kind = KINDS[issue.expected ?? ''];
      return kind ? k('validation.expected', { kind: k(kind) }) : k('validation.type');
    }
    case 'invalid_format':
      if (issue.format === 'email') return k('validation.email');
      if (issue.format === 'url') return k('validation.url');
      if (issue.format === 'datetime' || issue.format === 'date') return k('validation.date');
      return CUSTOM[issue.message ?? ''] ? k(CUSTOM[issue.message!]) : k('validation.format');
    case 'invalid_value':
      return k('validation.one_of', { values: (issue.values ?? []).map(String).join(', ') });
    case 'unrecognized_keys':
      return k('validation.unknown_keys', { keys: (issue.keys ?? []).join(', ') });
    case 'custom':
      return CUSTOM[issue.message ?? ''] ? k(CUSTOM[issue.message!]) : fallback;
    default:
      return fallback;
  }
}
