import i18n from 'i18next';
/**
 * The one way the SPA talks to Kefu. Every failure becomes an ApiError carrying the API's
 * `{"error":{"code","message","details"}}`; a network failure has code `network` and status 0.
 */
export interface ErrorDetails {
  field?: string;
  message?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
  /** The field the API blamed (`details.field`, or the first of a list of details). */
  get field(): string | undefined {
    const d = this.details as ErrorDetails | ErrorDetails[] | undefined;
    if (Array.isArray(d)) return d[0]?.field;
    return d?.field;
  }
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The language the person is using now: the server answers its messages in it (not the profile's). */
const uiLanguage = () => i18n.language || 'en';

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': uiLanguage(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', (e as Error).message || 'Network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? (res.statusText || `HTTP ${res.status}`),
      err?.details,
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', withQuery(path, query), undefined, signal),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/** Reads a File as base64 for `attachments: [{filename, content_type, data_base64}]`. */
export function fileToAttachment(file: File): Promise<{ filename: string; content_type: string; data_base64: string }> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.onload = () => {
      const url = String(r.result);
      resolve({ filename: file.name, content_type: file.type || 'application/octet-stream', data_base64: url.slice(url.indexOf(',') + 1) });
    };
    r.readAsDataURL(file);
  });
}
