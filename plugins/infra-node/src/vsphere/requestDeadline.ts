import type http from 'node:http';

/**
 * Settles one HTTP request's promise exactly once, on whichever comes first: its outcome, its
 * deadline or its signal's abort. Clears the timer and the abort listener either way, and
 * destroys the request on a failure so no socket is left reading an answer nobody waits for.
 */
export function settleOnce<T>(
  req: http.ClientRequest,
  options: {
    timeoutMs: number;
    signal?: AbortSignal;
    timeoutError: () => Error;
    resolve: (value: T) => void;
    reject: (error: unknown) => void;
  },
): (error: unknown, value?: T) => void {
  const { signal } = options;
  let settled = false;
  let timer: NodeJS.Timeout | undefined = undefined;
  let onAbort: (() => void) | undefined = undefined;
  const finish = (error: unknown, value?: T) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (error) {
      req.destroy();
      options.reject(error);
    } else options.resolve(value as T);
  };
  onAbort = () => finish(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  timer = setTimeout(() => finish(options.timeoutError()), options.timeoutMs);
  return finish;
}
