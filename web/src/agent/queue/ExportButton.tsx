import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, withQuery } from '../../api/client.ts';
import { errorText } from '../../components/ErrorBanner.tsx';
import { recordCounter } from './recordCounter.ts';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; count: number }
  | { kind: 'done'; count: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: unknown };

/** `kefu-tickets-2026-12-04.csv`, or the name the server gave. */
function fileName(res: Response): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1]! : `kefu-tickets-${new Date().toISOString().slice(0, 10)}.csv`;
}

function save(parts: BlobPart[], name: string) {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Export CSV" of the tickets a view shows: streams `GET /api/v1/exports/tickets.csv?view=<id>` — exactly the
 * view's filters, applied by the server (no total is known in advance) — counting tickets as lines arrive
 * ("Exporting… 12,400 tickets"), then saves the file; Cancel aborts.
 */
export function ExportButton({ viewId }: { viewId: number }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const nf = new Intl.NumberFormat(i18n.language);
  const query = { view: String(viewId) };

  const run = async () => {
    const ac = new AbortController();
    abort.current = ac;
    setState({ kind: 'running', count: 0 });
    try {
      const res = await fetch(withQuery('/api/v1/exports/tickets.csv', query), {
        credentials: 'same-origin',
        headers: { accept: 'text/csv', 'accept-language': i18n.language },
        signal: ac.signal,
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText);
      }
      const parts: BlobPart[] = [];
      const counter = recordCounter();
      const decoder = new TextDecoder();
      let count = 0;
      let shown = 0;
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value);
          count = counter.push(decoder.decode(value, { stream: true }));
          // Re-render at most every 100 tickets: a fast stream must not cost a render per chunk.
          if (count - shown >= 100) {
            shown = count;
            setState({ kind: 'running', count });
          }
        }
      } else {
        const text = await res.text();
        parts.push(text);
        count = counter.push(text);
      }
      save(parts, fileName(res));
      setState({ kind: 'done', count });
    } catch (e) {
      if (ac.signal.aborted) setState({ kind: 'cancelled' });
      else setState({ kind: 'failed', error: e instanceof TypeError ? new ApiError(0, 'network', e.message) : e });
    } finally {
      if (abort.current === ac) abort.current = null;
    }
  };

  return (
    <span className="export-csv">
      {state.kind === 'running' ? (
        <>
          <span role="status" data-testid="export-progress">
            {t('export.running', { count: state.count, n: nf.format(state.count) })}
          </span>{' '}
          <button type="button" className="btn btn-sm" onClick={() => abort.current?.abort()}>
            {t('export.cancel')}
          </button>
        </>
      ) : (
        <>
          {state.kind === 'done' && (
            <span role="status" className="muted" data-testid="export-done">
              {t('export.done', { count: state.count, n: nf.format(state.count) })}
            </span>
          )}
          {state.kind === 'cancelled' && (
            <span role="status" className="muted">
              {t('export.cancelled')}
            </span>
          )}
          {state.kind === 'failed' && (
            <span role="alert" style={{ color: 'var(--danger)' }}>
              {t('export.failed', { message: errorText(state.error, t) })}
            </span>
          )}{' '}
          <button type="button" className="btn btn-sm" onClick={() => void run()} data-testid="export-csv">
            {t('export.button')}
          </button>
        </>
      )}
    </span>
  );
}
