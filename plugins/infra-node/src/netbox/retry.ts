/** Statuses a proxy or an overloaded NetBox sends for requests it did not process. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Whether a failed attempt may be repeated. A POST is only repeated when the request surely was not
 * processed (429, 503, refused connection): after a 502/504 or a reset the objects may exist already,
 * and a second POST would create duplicates.
 */
export function isRetryable(
  method: string,
  failure: { status: number } | { networkCode?: string; beforeSend: boolean },
): boolean {
  const idempotent = method !== 'POST';
  if ('status' in failure) {
    if (!RETRYABLE_STATUSES.has(failure.status)) return false;
    return idempotent || failure.status === 429 || failure.status === 503;
  }
  return idempotent || failure.beforeSend;
}

/**
 * `Retry-After` as milliseconds from `now`: either delta-seconds or an HTTP date. Undefined when
 * absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the window fixed, half random, so clients that failed
 * together do not retry together yet each still waits a meaningful time.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const window = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, attempt - 1),
  );
  return Math.round(window / 2 + random() * (window / 2));
}

/** Sleeps `ms`, rejecting with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
