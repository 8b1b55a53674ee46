// The SDK's fetch: every request of the SDK and of `recrubo.raw` passes through here.
// It adds the JSON:API and auth headers, bounds the call with a timeout, honours the
// caller's AbortSignal and turns native fetch failures (which come from another realm
// under jest and in some runtimes) into the SDK's own error classes.
import { AbortError, ConfigurationError, ConnectionError, RecruboError, TimeoutError } from '../errors';
import { JSON_API_MEDIA_TYPE } from '../spec-types';
import type { RequestDescription } from './http-error';

export type FetchLike = (input: Request) => Promise<Response>;

/** The two kinds of Recrubo key. Kept in the transport's closure only. */
export interface Credentials {
  /** The organization key: every route except `/management/…`. */
  organization?: string;
  /** The partner key: the `/management/…` routes. */
  partner?: string;
}

export interface TransportConfig {
  credentials: Credentials;
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
}

/** Per-call overrides of the client's transport settings. */
export interface CallOptions {
  /** Abort the call. A caller's abort raises `AbortError`, distinct from `TimeoutError`. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
}

export interface Transport {
  /** The fetch handed to openapi-fetch as the client default. */
  fetch: FetchLike;
  /** A fetch bound to one call's options. */
  forCall(options: CallOptions | undefined): FetchLike;
  /** Method and URL of the request that produced `response`. */
  requestOf(response: Response): RequestDescription | undefined;
}

function describe(request: Request): RequestDescription {
  return { method: request.method, url: request.url };
}

const MANAGEMENT_ROUTE = /\/management\//;

/** The key a request needs: the partner key for `/management/…`, the organization key for the rest. */
function keyFor(request: Request, credentials: Credentials): string {
  const partner = MANAGEMENT_ROUTE.test(new URL(request.url).pathname);
  const key = partner ? credentials.partner : credentials.organization;
  if (key === undefined) {
    throw new ConfigurationError(
      partner
        ? `${new URL(request.url).pathname} is a management route: create the client with a partnerKey.`
        : `${new URL(request.url).pathname} needs an organization key: create the client with an apiKey.`,
    );
  }
  return key;
}

function withJsonApiHeaders(request: Request, apiKey: string): Request {
  const headers = new Headers(request.headers);
  headers.set('Accept', JSON_API_MEDIA_TYPE);
  // openapi-fetch labels every body application/json; JSON:API servers answer that with 415.
  if (request.body !== null) headers.set('Content-Type', JSON_API_MEDIA_TYPE);
  headers.set('Authorization', `Bearer ${apiKey}`);
  return new Request(request, { headers });
}

export function createTransport(config: TransportConfig): Transport {
  const requests = new WeakMap<Response, RequestDescription>();

  async function send(original: Request, options: CallOptions | undefined): Promise<Response> {
    const timeoutMs = options?.timeoutMs ?? config.timeoutMs;
    const callerSignal = options?.signal ?? original.signal;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = AbortSignal.any([callerSignal, timeout.signal]);
    const request = new Request(withJsonApiHeaders(original, keyFor(original, config.credentials)), { signal });
    const description = describe(request);
    try {
      const response = await config.fetch(request);
      requests.set(response, description);
      return response;
    } catch (error) {
      throw toTransportError(error, description, { timedOut: timeout.signal.aborted, aborted: callerSignal.aborted, timeoutMs });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    fetch: (request) => send(request, undefined),
    forCall: (options) => (request) => send(request, options),
    requestOf: (response) => requests.get(response),
  };
}

function toTransportError(
  error: unknown,
  request: RequestDescription,
  state: { timedOut: boolean; aborted: boolean; timeoutMs: number },
): RecruboError {
  if (RecruboError.isRecruboError(error)) return error;
  const where = `${request.method} ${new URL(request.url).pathname}`;
  const options = { method: request.method, url: request.url, cause: error };
  if (state.aborted) return new AbortError(`${where} was aborted by the caller.`, options);
  if (state.timedOut) return new TimeoutError(`${where} did not complete within ${state.timeoutMs} ms.`, options);
  const reason = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
    ? String((error as { message: unknown }).message)
    : String(error);
  return new ConnectionError(`${where} failed before a response arrived: ${reason}`, options);
}
