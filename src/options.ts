import type { Clock } from './transport/clock';
import type { FetchLike } from './transport/transport';
import type { ResponseDriftHandler, ValidateResponsesMode } from './transport/validation';

/** The production API. */
export const DEFAULT_BASE_URL = 'https://api.recrubo.app/public/v2';
/** Staging, which the docs also call the sandbox (`?sync=true` works there). */
export const STAGING_BASE_URL = 'https://api-staging.recrubo.app/public/v2';

export interface RecruboOptions {
  /**
   * The organization API key (the organization's `token`), sent as `Authorization: Bearer <apiKey>`
   * on every route except `/management/…`. Never logged or put in errors.
   */
  apiKey?: string;
  /** The partner key, sent on the `/management/…` routes only. Give `apiKey`, `partnerKey` or both. */
  partnerKey?: string;
  /** API root. Default `https://api.recrubo.app/public/v2`; use `STAGING_BASE_URL` or a mock for tests. */
  baseUrl?: string;
  /**
   * Milliseconds a call may take in all before it fails with `TimeoutError`: every attempt,
   * every backoff wait and the reading of the response body. Overridable per call. Default `60000`.
   */
  timeoutMs?: number;
  /**
   * Retries of a failed call where retrying is safe: connection failures, 408, 429, 502, 503
   * and 504 for GET/PATCH/DELETE; for POST only when the server cannot have acted on it
   * (connection refused, or 429/503 with Retry-After). Overridable per call. Default `2`.
   */
  maxRetries?: number;
  /**
   * Largest response body read, in bytes; a larger (or endless) one fails with
   * `ResponseTooLargeError` instead of filling memory. Default `10485760` (10 MiB).
   */
  maxResponseBytes?: number;
  /**
   * Checks every response body against the spec's schema for its operation and status:
   * `'off'` (default), `'warn'` (report each kind of drift once, see `onResponseDrift`) or
   * `'throw'` (a drifted success body raises `ContractViolationError`). Default `'off'`.
   */
  validateResponses?: ValidateResponsesMode;
  /** Receives the drift reports of `validateResponses`. Default: `console.warn`, once per operation and kind of drift. */
  onResponseDrift?: ResponseDriftHandler;
  /** The fetch to use. Default: `globalThis.fetch`, looked up at call time (so test interceptors apply). */
  fetch?: FetchLike;
  /**
   * Time source for retry backoff, Retry-After dates and the deadline bookkeeping. Tests
   * inject a fake one so that backoff needs no real waiting. Default: the real clock.
   */
  clock?: Clock;
}

export const DEFAULTS = {
  baseUrl: DEFAULT_BASE_URL,
  timeoutMs: 60_000,
  maxRetries: 2,
  maxResponseBytes: 10 * 1024 * 1024,
  validateResponses: 'off',
} as const;
