import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors.ts';

/**
 * Work nobody waits for any more is not started (docs/operations.md "A bounded queue"): an API request
 * runs inside a scope that knows whether its client is still connected, and its first statement checks
 * it once it is its turn on the database (the embedded database runs one statement at a time, so a
 * request may wait behind others). A client that left meanwhile gets nothing done on its behalf.
 *
 * Only the first statement checks: once a request has run one, it goes to the end, so a use case is
 * never cut between two of its writes (a committed ticket always gets its notifications).
 */
interface Scope {
  gone(): boolean;
  started: boolean;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs `fn` (and everything it starts) in a scope whose first database statement checks `gone`. */
export function runCancellable<T>(gone: () => boolean, fn: () => T): T {
  return scope.run({ gone, started: false }, fn);
}

/** Called by the database client just before a statement runs. */
export function checkNotAbandoned(): void {
  const s = scope.getStore();
  if (!s || s.started) return;
  if (s.gone()) throw new AppError('client_closed_request', 'The client closed the connection before this request was worked on');
  s.started = true;
}
