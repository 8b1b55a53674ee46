// How long to wait before the next attempt: the server's Retry-After when it sent one,
// otherwise exponential backoff with full jitter (a uniformly random delay between 0 and
// the exponential ceiling), so that many clients failing together do not retry together.

/** Ceiling of the first retry's delay; it doubles with each retry. */
export const BASE_DELAY_MS = 500;
/** No computed backoff exceeds this. */
export const MAX_DELAY_MS = 8_000;
/**
 * The longest Retry-After the SDK waits for. A server asking for more is not retried: the
 * call fails at once with the error (a `RateLimitError` carries `retryAfterMs`), so the
 * caller decides whether a minutes-long wait is worth it.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Upper bound of the jittered delay before retry number `retry` (0 for the first retry). */
export function backoffCeiling(retry: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
}

/** Full jitter: uniform in [0, backoffCeiling(retry)). `random` returns [0, 1). */
export function backoffDelay(retry: number, random: () => number): number {
  return Math.floor(random() * backoffCeiling(retry));
}
