// The transport's only source of time and chance. Deadlines, retries, backoff and
// Retry-After dates read it, so tests inject a fake one: they assert on the delays asked
// for instead of waiting for them, and fire a deadline exactly when they mean to (never by
// asserting on wall-clock time).

export interface Clock {
  /** Milliseconds since the epoch (as `Date.now()`). */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** A number in [0, 1), for the backoff jitter. */
  random(): number;
  /** Calls `callback` after `ms` (the call's deadline); returns the function that cancels it. */
  timer(ms: number, callback: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  timer(ms, callback) {
    const handle = setTimeout(callback, ms);
    // An SDK timer alone must not keep a process alive; an in-flight request holds its socket anyway.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  },
};
