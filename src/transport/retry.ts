// When a failed attempt may be sent again, and after how long.
//
// The API documents no idempotency keys, and a retried `POST /flow-runs` can message a
// candidate twice and bill twice. So a POST (and any other method not known to be
// idempotent) is retried only when the server cannot have acted on it:
//   - the connection was never established (refused, DNS failure, connect timeout), or
//   - the server answered 429 or 503 *with* Retry-After, i.e. said "not processed, come back".
// GET, HEAD, OPTIONS, PUT, PATCH and DELETE are retried on any connection failure and on
// 408, 429, 502, 503 and 504.
import { backoffDelay, MAX_RETRY_AFTER_MS } from './backoff';
import { parseRetryAfter } from './http-error';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);
/** Statuses with which a server says, when it adds Retry-After, that it did not process the request. */
const NOT_PROCESSED_WITH_RETRY_AFTER = new Set([429, 503]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter: string | null }
  | { kind: 'network'; notSent: boolean };

export interface RetryContext {
  method: string;
  /** Retries already made (0 after the first attempt). */
  retriesSoFar: number;
  maxRetries: number;
  /** Milliseconds left before the call's deadline. */
  remainingMs: number;
  now: number;
  random: () => number;
}

/** Why a failed attempt is not retried. */
export type NoRetryReason = 'final-status' | 'no-retries-left' | 'may-have-been-processed' | 'retry-after-too-long' | 'deadline';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: NoRetryReason };

export function decideRetry(outcome: AttemptOutcome, context: RetryContext): RetryDecision {
  if (outcome.kind === 'response' && !RETRYABLE_STATUSES.has(outcome.status)) return { retry: false, reason: 'final-status' };
  if (context.retriesSoFar >= context.maxRetries) return { retry: false, reason: 'no-retries-left' };

  const retryAfterMs = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, context.now) : undefined;
  if (!isIdempotent(context.method)) {
    const serverSaidNotProcessed = outcome.kind === 'response' && NOT_PROCESSED_WITH_RETRY_AFTER.has(outcome.status) && retryAfterMs !== undefined;
    const neverSent = outcome.kind === 'network' && outcome.notSent;
    if (!serverSaidNotProcessed && !neverSent) return { retry: false, reason: 'may-have-been-processed' };
  }

  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return { retry: false, reason: 'retry-after-too-long' };
  const delayMs = retryAfterMs ?? backoffDelay(context.retriesSoFar, context.random);
  if (delayMs >= context.remainingMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}
