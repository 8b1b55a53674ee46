// Polling until a resource reaches a status: for the sandbox and for scripts. Recrubo reports
// progress by webhook and advises against polling, so this is deliberately simple: one GET,
// then exponential backoff (doubling, capped), until a wanted status, the deadline or an abort.
// It depends only on a `retrieve` function, not on the client.
import { AbortError, InvalidRequestError, TimeoutError } from '../errors';
import { realClock, type Clock } from '../transport/clock';
import type { components } from '../spec-types';

/** The FlowRun statuses after which nothing changes: `finished`, `timeout`, `exception`, `cancelled`. */
export const FLOW_RUN_TERMINAL_STATUSES = ['finished', 'timeout', 'exception', 'cancelled'] as const satisfies readonly components['schemas']['FlowRunStatus'][];

/** Default `timeoutMs`: 10 minutes. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;
/** Default `pollIntervalMs`: the first wait between two GETs. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** Default `maxPollIntervalMs`: the wait doubles up to this. */
export const DEFAULT_MAX_POLL_INTERVAL_MS = 10_000;

/** What `retrieve` is given for each GET: the wait's cancellation (caller's signal and deadline). */
export interface WaitForRequestOptions {
  signal: AbortSignal;
}

export interface WaitForOptions<S extends string = string> {
  /** Statuses to wait for. Default for a FlowRun: the terminal ones (`finished`, `timeout`, `exception`, `cancelled`). */
  until?: readonly S[];
  /** Give up with `TimeoutError` when the next GET would come later than this, in ms (a GET in flight then is aborted). Default 600 000 (10 minutes); `Infinity` for never. */
  timeoutMs?: number;
  /** Stop waiting: the wait rejects with `AbortError` (the GET in flight is aborted). */
  signal?: AbortSignal;
  /** First wait between two GETs, in ms; it doubles after each GET. Default 1 000. */
  pollIntervalMs?: number;
  /** Longest wait between two GETs, in ms. Default 10 000. */
  maxPollIntervalMs?: number;
  /** Called with each retrieved resource (e.g. to log progress). */
  onPoll?: (resource: { status: S | string }) => void;
  /** Time source and sleep, for tests. Default: the real clock. */
  clock?: Pick<Clock, 'now' | 'sleep'>;
}

/**
 * Polls `retrieve(id)` until the resource's `status` is one of `until`, and returns that
 * resource. For the sandbox and for scripts: **production code should subscribe to webhooks**
 * (`POST /webhooks`, `constructWebhookEvent`) instead, as Recrubo advises; each GET here
 * costs a request of your rate limit.
 *
 * Waits `pollIntervalMs`, doubling up to `maxPollIntervalMs`, between GETs. Rejects with
 * `TimeoutError` once the next GET would come after `timeoutMs` (or a GET is still in flight
 * then: it is aborted), with `AbortError` when `signal` aborts, and with the error of a GET that
 * fails (the client already retried what can be retried).
 */
export async function waitForStatus<R extends { status: string }>(
  retrieve: (id: string, options: WaitForRequestOptions) => Promise<R>,
  id: string,
  options: WaitForOptions<R['status']> & { until: readonly R['status'][] },
): Promise<R> {
  const until = options.until;
  if (!Array.isArray(until) || until.length === 0 || !until.every((s) => typeof s === 'string')) {
    throw new InvalidRequestError('waitFor: `until` must list at least one status.');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const firstDelay = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxDelay = Math.max(firstDelay, options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS);
  checkDuration('timeoutMs', timeoutMs, true);
  checkDuration('pollIntervalMs', firstDelay);
  checkDuration('maxPollIntervalMs', maxDelay);
  const clock = options.clock ?? realClock;
  const callerSignal = options.signal;
  const deadline = clock.now() + timeoutMs;
  const wanted = new Set<string>(until);
  const describeUntil = until.join(', ');

  let last: string | undefined;
  const lastStatus = (): string => `last status: ${last ?? 'none yet'}`;
  const stopIfAborted = (): void => {
    if (callerSignal?.aborted) {
      throw new AbortError(`waitFor: stopped waiting for ${id} to reach ${describeUntil} (aborted; ${lastStatus()}).`, { cause: callerSignal.reason });
    }
  };
  const timedOut = (cause?: unknown): TimeoutError =>
    new TimeoutError(`waitFor: ${id} did not reach ${describeUntil} within ${timeoutMs} ms (${lastStatus()}). Production code should use webhooks.`, { cause });

  for (let poll = 0; ; poll++) {
    stopIfAborted();
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) throw timedOut();
    // The deadline aborts the GET in flight too, so the wait never outlasts `timeoutMs`.
    const expiry = new AbortController();
    const timer = remainingMs < MAX_TIMER_MS ? setTimeout(() => expiry.abort(timedOut()), remainingMs) : undefined;
    (timer as { unref?: () => void } | undefined)?.unref?.();
    let resource: R;
    try {
      resource = await retrieve(id, { signal: callerSignal === undefined ? expiry.signal : AbortSignal.any([callerSignal, expiry.signal]) });
    } catch (error) {
      stopIfAborted();
      throw expiry.signal.aborted ? timedOut(error) : error;
    } finally {
      clearTimeout(timer);
    }
    last = resource.status;
    options.onPoll?.(resource);
    if (wanted.has(resource.status)) return resource;
    const delay = Math.min(maxDelay, firstDelay * 2 ** Math.min(poll, 30));
    // As AWS waiters do: when the next GET would come after the deadline, give up now instead
    // of sleeping into the deadline for nothing.
    if (clock.now() + delay > deadline) throw timedOut();
    try {
      // Without a caller's signal, one that never aborts (made here: no module-level side effect).
      await clock.sleep(delay, callerSignal ?? new AbortController().signal);
    } catch (error) {
      stopIfAborted();
      throw error;
    }
  }
}

/**
 * `waitForStatus` for a FlowRun: by default until it is `finished`, `timeout`, `exception` or
 * `cancelled`. **Production code should use webhooks**: Recrubo sends one when the run starts
 * and when it ends. Meant for the sandbox and scripts.
 *
 * @example
 * const run = await waitForFlowRun((id, o) => recrubo.flowRuns.retrieve(id, {}, o), created.id, { timeoutMs: 120_000 });
 */
export function waitForFlowRun<R extends { status: string }>(
  retrieve: (id: string, options: WaitForRequestOptions) => Promise<R>,
  id: string,
  options: WaitForOptions<R['status']> = {},
): Promise<R> {
  const until = options.until ?? (FLOW_RUN_TERMINAL_STATUSES as readonly string[] as readonly R['status'][]);
  return waitForStatus(retrieve, id, { ...options, until });
}

// setTimeout fires at once for longer delays; a deadline beyond it is as good as none.
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkDuration(name: string, value: number, infinityAllowed?: boolean): void {
  const ok = typeof value === 'number' && value > 0 && (Number.isFinite(value) || (infinityAllowed && value === Infinity));
  if (!ok) throw new InvalidRequestError(`waitFor: ${name} must be a positive number of milliseconds${infinityAllowed ? ' (or Infinity)' : ''}, got ${String(value)}.`);
}
