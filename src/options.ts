import type { FetchLike } from './transport/transport';

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
  /** Milliseconds before a call fails with `TimeoutError`, per attempt. Default `60000`. */
  timeoutMs?: number;
  /** Retries of a failed call where retrying is safe. Default `2`. */
  maxRetries?: number;
  /** The fetch to use. Default: `globalThis.fetch`, looked up at call time (so test interceptors apply). */
  fetch?: FetchLike;
}

export const DEFAULTS = {
  baseUrl: DEFAULT_BASE_URL,
  timeoutMs: 60_000,
  maxRetries: 2,
} as const;
