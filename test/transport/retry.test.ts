// The retry rule as a table, and the backoff bounds as properties.
import fc from 'fast-check';
import { BASE_DELAY_MS, backoffCeiling, backoffDelay, MAX_DELAY_MS, MAX_RETRY_AFTER_MS } from '../../src/transport/backoff';
import { decideRetry, type AttemptOutcome, type RetryContext } from '../../src/transport/retry';

const NOW = Date.UTC(2025, 0, 1);

function context(method: string, overrides: Partial<RetryContext> = {}): RetryContext {
  return { method, retriesSoFar: 0, maxRetries: 2, remainingMs: 60_000, now: NOW, random: () => 0.5, ...overrides };
}

const response = (status: number, retryAfter: string | null = null): AttemptOutcome => ({ kind: 'response', status, retryAfter });
const refused: AttemptOutcome = { kind: 'network', notSent: true };
const reset: AttemptOutcome = { kind: 'network', notSent: false };

describe('which failures are retried', () => {
  const outcomes: Array<[string, AttemptOutcome]> = [
    ['refused', refused],
    ['reset', reset],
    ['408', response(408)],
    ['429', response(429)],
    ['429 + Retry-After', response(429, '1')],
    ['502', response(502)],
    ['503', response(503)],
    ['503 + Retry-After', response(503, '1')],
    ['504', response(504)],
    ['502 + Retry-After', response(502, '1')],
    ['500', response(500)],
    ['501', response(501)],
    ['400', response(400)],
    ['404', response(404)],
    ['409', response(409)],
    ['422', response(422)],
    ['200', response(200)],
  ];
  // The whole rule: what is retried per method. POST: only when the server cannot have acted.
  const retried: Record<string, string[]> = {
    GET: ['refused', 'reset', '408', '429', '429 + Retry-After', '502', '503', '503 + Retry-After', '504', '502 + Retry-After'],
    POST: ['refused', '429 + Retry-After', '503 + Retry-After'],
  };
  retried.PATCH = retried.GET!;
  retried.DELETE = retried.GET!;
  retried.PUT = retried.GET!;

  it.each(Object.keys(retried))('%s', (method) => {
    const actual = outcomes.filter(([, outcome]) => decideRetry(outcome, context(method)).retry).map(([name]) => name);
    expect(actual).toEqual(retried[method]);
  });

  it('treats an unknown method like POST', () => {
    expect(decideRetry(reset, context('PURGE')).retry).toBe(false);
    expect(decideRetry(refused, context('PURGE')).retry).toBe(true);
  });
});

describe('limits', () => {
  it('stops after maxRetries', () => {
    expect(decideRetry(response(503), context('GET', { retriesSoFar: 1 })).retry).toBe(true);
    expect(decideRetry(response(503), context('GET', { retriesSoFar: 2 }))).toEqual({ retry: false, reason: 'no-retries-left' });
    expect(decideRetry(refused, context('GET', { maxRetries: 0 })).retry).toBe(false);
  });

  it('does not wait for a Retry-After beyond the cap, nor past the deadline', () => {
    expect(decideRetry(response(429, String(MAX_RETRY_AFTER_MS / 1000)), context('GET', { remainingMs: 120_000 }))).toEqual({ retry: true, delayMs: MAX_RETRY_AFTER_MS });
    expect(decideRetry(response(429, String(MAX_RETRY_AFTER_MS / 1000 + 1)), context('GET', { remainingMs: 120_000 })).retry).toBe(false);
    expect(decideRetry(response(429, '5'), context('GET', { remainingMs: 5000 })).retry).toBe(false);
    expect(decideRetry(response(503), context('GET', { remainingMs: 1, random: () => 0.99 })).retry).toBe(false);
  });

  it('uses Retry-After exactly, in seconds or as an HTTP date, and ignores a malformed one', () => {
    expect(decideRetry(response(429, '3'), context('GET'))).toEqual({ retry: true, delayMs: 3000 });
    expect(decideRetry(response(429, new Date(NOW + 4000).toUTCString()), context('GET'))).toEqual({ retry: true, delayMs: 4000 });
    expect(decideRetry(response(429, new Date(NOW - 4000).toUTCString()), context('GET'))).toEqual({ retry: true, delayMs: 0 });
    // Malformed: backoff for a GET, and no retry for a POST (the server did not say "come back").
    expect(decideRetry(response(429, 'soon'), context('GET'))).toEqual({ retry: true, delayMs: 0.5 * BASE_DELAY_MS });
    expect(decideRetry(response(429, 'soon'), context('POST')).retry).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles its ceiling per retry up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffCeiling)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('is full jitter: within [0, ceiling) for any random value', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const delay = backoffDelay(retry, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(backoffCeiling(retry));
        expect(delay).toBeLessThanOrEqual(MAX_DELAY_MS);
        expect(Number.isInteger(delay)).toBe(true);
      }),
    );
  });
});
