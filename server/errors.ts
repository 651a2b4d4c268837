import { allKeys, t, tightenHan } from './i18n/index.ts';

/** Named errors with stable codes; mapped to HTTP status in one place (http/errorHandler.ts). */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'otp_required'
  | 'forbidden'
  | 'not_entitled'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unprocessable'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'setup_required'
  | 'invalid_otp'
  | 'email_unverified'
  | 'two_factor_required'
  /** An API token on a route for the person's own credentials (http/auth.ts SESSION_ONLY_ROUTES). */
  | 'session_required'
  | 'bad_origin'
  | 'service_unavailable'
  /** The client left while the request waited for the database; nothing was done (never seen by that client). */
  | 'client_closed_request';

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  otp_required: 401,
  forbidden: 403,
  not_entitled: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  setup_required: 409,
  invalid_otp: 401,
  email_unverified: 403,
  two_factor_required: 403,
  session_required: 403,
  bad_origin: 403,
  service_unavailable: 503,
  client_closed_request: 499,
};

/** A server text (server/i18n) an error is answered in, in the language of the request that met it. */
export interface ErrorText {
  key: string;
  params?: Record<string, unknown>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /**
     * When set, the error handler answers `t(<the request's language>, key, params)` instead of
     * `message`: for code that meets an error without knowing who reads it (a link, a lookup).
     */
    readonly text?: ErrorText,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** An error answered in the reader's language (its `message` is the English text, for logs and tests). */
export const localizedError = (code: ErrorCode, key: string, details?: unknown, params?: Record<string, unknown>) =>
  new AppError(code, t('en', key, params), details, { key, params });

export const notFound = (what: string, id?: unknown) =>
  new AppError(
    'not_found',
    id === undefined ? `${what} not found` : `${what} ${String(id)} not found`,
    undefined,
    id === undefined ? { key: 'http.errors.not_found', params: { what } } : { key: 'http.errors.not_found_id', params: { what, id } },
  );
/**
 * A server text (server/i18n) by key: `forbidden(text('plans.errors.change_admin_only'))`. The error is answered in
 * the reader's language; its `message` is the English text, for logs and tests.
 */
export const text = (key: string, params?: Record<string, unknown>): ErrorText => (params ? { key, params } : { key });

/**
 * A text (`text(key)`), or a string already in the reader's language (`t(actor.locale, key)`). A literal
 * English sentence is refused by server/i18n/i18n.test.ts: it would reach a Chinese reader untranslated.
 */
type Message = string | ErrorText;

const keyed = (code: ErrorCode, m: Message, details?: unknown) =>
  typeof m === 'string' ? new AppError(code, m, details) : new AppError(code, t('en', m.key, m.params), details, m);

export const forbidden = (message?: Message, details?: unknown) => keyed('forbidden', message ?? { key: 'http.errors.forbidden' }, details);
export const invalid = (message: Message, details?: unknown) => keyed('invalid_request', message, details);
export const unprocessable = (message: Message, details?: unknown) => keyed('unprocessable', message, details);
export const conflict = (message: Message, details?: unknown) => keyed('conflict', message, details);

const ENTITIES = new Set(allKeys('en').filter((k) => k.startsWith('http.entities.')));

/** An error's text in the reader's language: a record's kind ("Ticket") is one of http.entities. */
export function sayError(locale: string, text: ErrorText): string {
  const what = text.params?.what;
  const params =
    typeof what === 'string' && ENTITIES.has(`http.entities.${what}`)
      ? { ...text.params, what: t(locale, `http.entities.${what}`) }
      : text.params;
  return tightenHan(t(locale, text.key, params));
}
