import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr, shown only when stderr is a terminal and the run has taken more than
 * `afterMs` (short runs print nothing). `unit` names what is counted: 'tickets' or 'bytes'.
 */
export function progress(
  label: string,
  total: number,
  o: { unit?: 'tickets' | 'bytes'; afterMs?: number; stream?: NodeJS.WriteStream; enabled?: boolean } = {},
): Progress {
  const stream = o.stream ?? process.stderr;
  const enabled = o.enabled ?? true;
  const started = Date.now();
  const afterMs = o.afterMs ?? 1000;
  const bytes = o.unit === 'bytes';
  let bar: cliProgress.SingleBar | null = null;
  let value = 0;
  return {
    update(v, t) {
      value = v;
      if (t !== undefined) total = t;
      if (!bar) {
        if (!enabled || !stream.isTTY || Date.now() - started < afterMs) return;
        bar = new cliProgress.SingleBar(
          {
            stream,
            hideCursor: true,
            clearOnComplete: false,
            etaBuffer: 50,
            format: `${label} [{bar}] {percentage}% | ${bytes ? '{done} of {all} MB' : '{value}/{total} tickets'} | ETA {eta_formatted}`,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, value), value, mb(value, total));
      }
      bar.setTotal(Math.max(total, value));
      bar.update(value, mb(value, total));
    },
    stop() {
      bar?.stop();
    },
  };
  function mb(v: number, t: number) {
    return bytes ? { done: (v / 1e6).toFixed(1), all: (Math.max(t, v) / 1e6).toFixed(1) } : {};
  }
}
