import type { FastifyInstance } from 'fastify';
import { localizedError } from '../errors.ts';

/** Deeper than any body Kefu defines (ticket `fields` included); PostgreSQL's jsonb and our walkers stay far from their limits. */
export const MAX_DEPTH = 32;
/** Longer than any text Kefu stores (a message's HTML is at most 500,000 characters); attachment data is limited by its decoded size instead. */
export const MAX_STRING = 1_000_000;
const BLOB_KEYS = new Set(['data_base64']);

/**
 * Refuses, before validation, input no route can store: a NUL character (PostgreSQL rejects it in
 * text and jsonb), values nested deeper than MAX_DEPTH, strings longer than MAX_STRING. The answer
 * is a 400 naming the field, in the one error shape. Walks iteratively, so hostile nesting cannot
 * overflow the stack here.
 */
export function checkInput(root: unknown, where: 'body' | 'querystring' | 'params'): void {
  const stack: Array<{ v: unknown; path: string; depth: number; key: string }> = [{ v: root, path: '', depth: 0, key: '' }];
  while (stack.length) {
    const { v, path, depth, key } = stack.pop()!;
    const field = path || where;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw localizedError('invalid_request', 'http.errors.input_nul', { field }, { field });
      if (v.length > MAX_STRING && !BLOB_KEYS.has(key))
        throw localizedError('invalid_request', 'http.errors.input_too_long', { field }, { field, max: MAX_STRING });
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) throw localizedError('invalid_request', 'http.errors.input_too_deep', { field }, { field, max: MAX_DEPTH });
    for (const [k, child] of Object.entries(v)) {
      if (k.includes('\u0000')) throw localizedError('invalid_request', 'http.errors.input_key_nul', { field }, { field });
      stack.push({ v: child, path: path ? `${path}.${k}` : k, depth: depth + 1, key: Array.isArray(v) ? key : k });
    }
  }
}

export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    checkInput(req.params, 'params');
    checkInput(req.query, 'querystring');
    // A raw text body (the NDJSON import) is parsed and checked line by line by its route.
    if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) checkInput(req.body, 'body');
  });
}
