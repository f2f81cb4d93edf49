import { backoffDelay, isRetryable, parseRetryAfter } from './retry';

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries throttling and gateway errors, never client errors', () => {
    for (const status of [429, 502, 503, 504])
      expect(isRetryable('GET', { status })).toBe(true);
    for (const status of [400, 403, 404, 409, 412, 500])
      expect(isRetryable('GET', { status })).toBe(false);
  });

  it('repeats a POST only when NetBox surely did not process it', () => {
    expect(isRetryable('POST', { status: 429 })).toBe(true);
    expect(isRetryable('POST', { status: 503 })).toBe(true);
    expect(isRetryable('POST', { status: 502 })).toBe(false);
    expect(isRetryable('POST', { status: 504 })).toBe(false);
    expect(
      isRetryable('POST', { networkCode: 'ECONNREFUSED', beforeSend: true }),
    ).toBe(true);
    expect(
      isRetryable('POST', { networkCode: 'ECONNRESET', beforeSend: false }),
    ).toBe(false);
    expect(
      isRetryable('PATCH', { networkCode: 'ECONNRESET', beforeSend: false }),
    ).toBe(true);
  });

  it('backs off exponentially with jitter inside the window', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});
