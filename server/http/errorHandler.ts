import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, sayError } from '../errors.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.ts';
import { normalizeLocale, t } from '../i18n/index.ts';
import { requestLocale } from './auth.ts';
import { validationMessage } from './validationMessages.ts';

interface Body {
  error: { code: string; message: string; details?: unknown };
}
const body = (code: string, message: string, details?: unknown): Body => ({
  error: { code, message, ...(details !== undefined ? { details } : {}) },
});

const PG_INPUT: Record<string, [number, string, string]> = {
  '22P02': [400, 'invalid_request', 'wrong_format'],
  '22003': [404, 'not_found', 'out_of_range_id'],
  '22007': [400, 'invalid_request', 'bad_date'],
  '22008': [400, 'invalid_request', 'date_out_of_range'],
  '23505': [409, 'conflict', 'conflict'],
  '23503': [422, 'unprocessable', 'missing_reference'],
  '54000': [413, 'payload_too_large', 'too_large'],
  '54001': [400, 'invalid_request', 'too_deep'],
  '22021': [400, 'invalid_request', 'nul_or_utf8'],
  '22P05': [400, 'invalid_request', 'nul'],
  '22P03': [400, 'invalid_request', 'wrong_format'],
  '22023': [400, 'invalid_request', 'not_valid'],
  '2201B': [400, 'invalid_request', 'bad_pattern'],
  '22001': [400, 'invalid_request', 'too_long'],
  '22004': [400, 'invalid_request', 'missing'],
  '22012': [400, 'invalid_request', 'out_of_range'],
};

/** The rate limiter's refusal (@fastify/rate-limit `errorResponseBuilder`): the seconds to wait, in the reader's language. */
export function rateLimited(req: FastifyRequest, ttlMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new AppError('rate_limited', t(requestLocale(req), 'http.errors.rate_limited', { seconds }), { retry_after_seconds: seconds });
}

/** 64 KiB, 1 MiB, 25 MiB: a limit as people read it. */
const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} B`;

/**
 * Errors Fastify raises before any route runs (a URL that is not valid percent-encoding, a bad
 * Content-Type): Fastify's `frameworkErrors` option.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, res: unknown) {
  const reply = res as FastifyReply;
  const message =
    err.code === 'FST_ERR_BAD_URL' ? t(normalizeLocale(_req.headers?.['accept-language']), 'http.errors.bad_url') : err.message;
  void reply
    .code(err.statusCode && err.statusCode < 500 ? err.statusCode : 400)
    .header('x-content-type-options', 'nosniff')
    .send(body('invalid_request', message));
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large'],
};

/**
 * A request Node cannot even read as HTTP (a broken chunk, headers too large, too slow): Fastify's
 * `clientErrorHandler`. Answered in the one error shape; since no header could be read, the message
 * is given in both languages.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: import('node:net').Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, key] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'malformed'];
  const message = `${t('en', `http.errors.client.${key}`)} / ${t('zh-CN', `http.errors.client.${key}`)}`;
  const payload = JSON.stringify(body(status === 431 ? 'payload_too_large' : 'invalid_request', message));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
    );
  socket.destroy(err);
}

/** The one place errors become HTTP responses: `{"error":{"code","message","details"}}`. Never a 500 for bad input. */
export function installErrorHandler(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(body('not_found', t(requestLocale(req), 'http.no_route', { method: req.method, path: req.url.split('?')[0] })));
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // A client that is still here met work another, departed client had started and shared (a cache
    // refresh): nothing of its own was done, so it may simply retry.
    if (err instanceof AppError && err.code === 'client_closed_request' && !reply.raw.destroyed)
      return reply
        .code(503)
        .header('retry-after', '1')
        .send(body('service_unavailable', t(requestLocale(req), 'http.errors.busy')));
    if (err instanceof AppError)
      return reply.code(err.status).send(body(err.code, err.text ? sayError(requestLocale(req), err.text) : err.message, err.details));
    if (hasZodFastifySchemaValidationErrors(err)) {
      // In the reader's language (their account's, else the browser's): the guest form, the portal.
      const locale = requestLocale(req);
      const details = err.validation.map((v) => ({
        field:
          [
            String(v.instancePath ?? '')
              .replace(/^\//, '')
              .replace(/\//g, '.'),
            (v.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.'),
          ].find(Boolean) ||
          (err.validationContext ?? 'body'),
        // fastify-type-provider-zod passes the zod issue as params, its code as keyword.
        message: validationMessage({ ...(v.params as object), code: v.keyword, message: v.message }, v.message ?? '', locale),
      }));
      const where = err.validationContext ?? 'body';
      const sep = locale === 'en' ? ': ' : '：';
      return reply.code(400).send(
        body(
          'invalid_request',
          t(locale, 'http.invalid_body', {
            where,
            details: details.map((d) => `${d.field}${sep}${d.message}`).join(locale === 'en' ? '; ' : '；'),
          }),
          details,
        ),
      );
    }
    if ((err as unknown) instanceof ZodError) {
      const locale = requestLocale(req);
      const details = (err as unknown as ZodError).issues.map((i) => ({
        field: i.path.join('.') || 'name',
        message: validationMessage(i as Parameters<typeof validationMessage>[0], i.message, locale),
      }));
      const sep = locale === 'en' ? ': ' : '：';
      return reply
        .code(400)
        .send(body('invalid_request', details.map((d) => `${d.field}${sep}${d.message}`).join(locale === 'en' ? '; ' : '；'), details));
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: err.message }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send(body('service_unavailable', t(requestLocale(req), 'http.errors.database_unavailable')));
    }
    const pg = (err as { code?: string }).code;
    if (pg && PG_INPUT[pg]) {
      const [status, code, key] = PG_INPUT[pg];
      return reply.code(status).send(body(code, t(requestLocale(req), `http.errors.pg.${key}`)));
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Answered before the body is read (Fastify closes the connection), with the limit that applies here.
      const limit = req.routeOptions?.bodyLimit;
      const locale = requestLocale(req);
      return reply
        .code(413)
        .send(
          body(
            'payload_too_large',
            limit ? t(locale, 'http.body_too_large_max', { max: sizeText(limit) }) : t(locale, 'http.body_too_large'),
            limit ? { limit_bytes: limit } : undefined,
          ),
        );
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.code(415).send(body('invalid_request', t(requestLocale(req), 'http.send_json')));
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return reply.code(400).send(body('invalid_json', t(requestLocale(req), 'http.empty_json')));
    if (err.code?.startsWith('FST_ERR_CTP') || (err instanceof SyntaxError && status === 400))
      // The parser's own words (English, often a position) stay in the details for whoever debugs a client.
      return reply.code(400).send(body('invalid_json', t(requestLocale(req), 'http.invalid_json'), { parser: err.message }));
    if (status === 429)
      return reply.code(429).send(body('rate_limited', err.message || t(requestLocale(req), 'http.errors.rate_limited', { seconds: 60 })));
    if (status >= 400 && status < 500) return reply.code(status).send(body('invalid_request', err.message));
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal_error', t(requestLocale(req), 'http.errors.internal')));
  });
}
