// One call's cancellation: the caller's AbortSignal and the `timeoutMs` deadline merged
// into one signal that every attempt, every backoff sleep and the reading of the response
// body observe. `end()` disarms the timer and detaches from the caller's signal once the
// body has been read (or never will be).
//
// Merged by hand rather than with AbortSignal.any: that allocates more per call, and on
// Node 20 a long-lived caller signal (one per app, reused for every call) accumulates the
// composite signals; here the one listener is removed when the call ends.
import type { Clock } from './clock';

export interface CallSignal {
  /** Aborts when the caller aborts or the deadline passes. */
  readonly signal: AbortSignal;
  /** Milliseconds before the deadline, by the transport's clock. */
  remainingMs(): number;
  /** What aborted `signal` first: the caller's own signal, or the deadline. */
  cause(): 'caller' | 'timeout' | undefined;
  /** Stops the deadline timer and detaches from the caller's signal. Idempotent. */
  end(): void;
}

export function startCall(callerSignal: AbortSignal | undefined, timeoutMs: number, clock: Clock): CallSignal {
  const deadline = clock.now() + timeoutMs;
  const controller = new AbortController();
  let cause: 'caller' | 'timeout' | undefined;
  const abort = (why: 'caller' | 'timeout', reason: unknown): void => {
    if (cause !== undefined) return;
    cause = why;
    controller.abort(reason);
  };
  const onCallerAbort = (): void => abort('caller', callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const cancelTimer = clock.timer(timeoutMs, () => abort('timeout', new DOMException(`No complete response within ${timeoutMs} ms`, 'TimeoutError')));
  return {
    signal: controller.signal,
    remainingMs: () => deadline - clock.now(),
    cause: () => cause,
    end: () => {
      cancelTimer();
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
