// The SDK's fetch: every request of the SDK and of `recrubo.raw` passes through here.
// It adds the JSON:API and auth headers, retries what is safe to retry (see retry.ts),
// bounds the whole call (every attempt, every backoff sleep and the reading of the body)
// by one deadline, honours the caller's AbortSignal at each of those points, caps the
// size of the body, and turns native fetch failures (which come from another realm under
// jest and in some runtimes) into the SDK's own error classes.
import {
  AbortError,
  ConfigurationError,
  ConnectionError,
  InvalidRequestError,
  RecruboError,
  ResponseTooLargeError,
  TimeoutError,
  type RecruboErrorOptions,
} from '../errors';
import { JSON_API_MEDIA_TYPE } from '../spec-types';
import { guardBody } from './body-limit';
import { realClock, type Clock } from './clock';
import { startCall, type CallSignal } from './deadline';
import { requestIdOf, whereOf, type RequestDescription } from './http-error';
import { classifyNetworkError } from './network-error';
import { parseJsonBody, type TextResult } from './response';
import { decideRetry, isIdempotent, type NoRetryReason } from './retry';
import type { ResponseValidation } from './validation';

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
  /** Largest success body read, in bytes. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Time source for backoff and deadlines. Default: the real clock. */
  clock?: Clock;
  /** Response drift detection (`validateResponses`); none when off. */
  validation?: ResponseValidation;
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

/** The spec route a resource method called, to find its operation and response schemas. */
export interface RouteDescription {
  /** HTTP method, any case. */
  method: string;
  /** The spec's path template, e.g. `/flow-runs/{id}`. */
  path: string;
  /** `false` when the operation's success body is plain JSON, not a JSON:API document. Default `true`. */
  jsonApi?: boolean;
}

export interface Transport {
  /** The fetch handed to openapi-fetch as the client default. */
  fetch: FetchLike;
  /** A fetch bound to one call's options. */
  forCall(options: CallOptions | undefined): FetchLike;
  /** Method, URL and attempt count of the request that produced `response`. */
  requestOf(response: Response): RequestDescription | undefined;
  /**
   * A response openapi-fetch read with `parseAs: 'text'`, as a JSON:API document: throws the
   * typed error for a non-2xx status or a body that is not the document expected, and checks
   * the body against the spec when `validateResponses` is on.
   */
  read(result: TextResult, route: RouteDescription): unknown;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** An error body only needs its beginning (for the error's code, title and snippet). */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;
/** setTimeout fires at once for any larger delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const MANAGEMENT_ROUTE = /\/management\//;
// RFC 7230 token68-ish: what can travel in an Authorization header unchanged.
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/** The key a request needs: the partner key for `/management/…`, the organization key for the rest. */
function keyFor(request: Request, credentials: Credentials): string {
  const pathname = new URL(request.url).pathname;
  const partner = MANAGEMENT_ROUTE.test(pathname);
  const key = partner ? credentials.partner : credentials.organization;
  if (key === undefined) {
    throw new ConfigurationError(
      partner
        ? `${pathname} is a management route: create the client with a partnerKey.`
        : `${pathname} needs an organization key: create the client with an apiKey.`,
      { method: request.method, url: request.url, attempts: 0 },
    );
  }
  return key;
}

function jsonApiHeaders(original: Headers, apiKey: string, hasBody: boolean): Headers {
  const headers = new Headers(original);
  headers.set('Accept', JSON_API_MEDIA_TYPE);
  // openapi-fetch labels every body application/json; JSON:API servers answer that with 415.
  if (hasBody) headers.set('Content-Type', JSON_API_MEDIA_TYPE);
  else headers.delete('Content-Type');
  headers.set('Authorization', `Bearer ${apiKey}`);
  return headers;
}

function checkCount(value: unknown, name: string, Problem: typeof RecruboError, max: number, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Problem(`${name} must be an integer from ${min} to ${max}, got ${typeof value === 'number' ? value : typeof value}.`);
  }
  return value;
}

function checkCredentials(credentials: Credentials): void {
  for (const [name, key] of [['apiKey', credentials.organization], ['partnerKey', credentials.partner]] as const) {
    // A key that cannot be a header value would fail inside Headers with a TypeError; the value is never echoed.
    if (key !== undefined && !KEY_CHARACTERS.test(key)) {
      throw new ConfigurationError(`${name} contains characters that cannot be sent in an Authorization header (whitespace, control or non-ASCII).`);
    }
  }
}

export function createTransport(config: TransportConfig): Transport {
  checkCredentials(config.credentials);
  const clock = config.clock ?? realClock;
  const defaults = {
    timeoutMs: checkCount(config.timeoutMs, 'timeoutMs', ConfigurationError, MAX_TIMER_MS, 1),
    maxRetries: checkCount(config.maxRetries, 'maxRetries', ConfigurationError, 100, 0),
    maxResponseBytes: checkCount(config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes', ConfigurationError, Number.MAX_SAFE_INTEGER, 1),
  };
  const requests = new WeakMap<Response, RequestDescription>();

  function settingsFor(options: CallOptions | undefined) {
    return {
      timeoutMs: options?.timeoutMs === undefined ? defaults.timeoutMs : checkCount(options.timeoutMs, 'timeoutMs', InvalidRequestError, MAX_TIMER_MS, 1),
      maxRetries: options?.maxRetries === undefined ? defaults.maxRetries : checkCount(options.maxRetries, 'maxRetries', InvalidRequestError, 100, 0),
    };
  }

  async function send(original: Request, options: CallOptions | undefined): Promise<Response> {
    // The response validators, when the package's ESM build is still importing them.
    if (config.validation?.ready) await config.validation.ready;
    const settings = settingsFor(options);
    const method = original.method.toUpperCase();
    const description: RequestDescription = { method, url: original.url, attempts: 0 };
    const headers = jsonApiHeaders(original.headers, keyFor(original, config.credentials), original.body !== null);
    const call = startCall(options?.signal ?? original.signal, settings.timeoutMs, clock);
    try {
      // Buffered once: a request body stream can be read only once, and each attempt needs it.
      const body = original.body === null ? null : await original.arrayBuffer();
      for (;;) {
        if (call.signal.aborted) throw cancelled(call, description, settings.timeoutMs, call.signal.reason);
        description.attempts = (description.attempts ?? 0) + 1;
        const request = new Request(original.url, { method, headers, body, signal: call.signal, redirect: original.redirect });
        let delayMs: number;
        try {
          const response = await config.fetch(request);
          const decision = decideRetry(
            { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after') },
            retryContext(method, description, settings.maxRetries, call),
          );
          if (!decision.retry) return deliver(response, description, call);
          // Not read: the connection is released for the next attempt.
          response.body?.cancel().catch(() => undefined);
          delayMs = decision.delayMs;
        } catch (error) {
          if (call.signal.aborted) throw cancelled(call, description, settings.timeoutMs, error);
          if (RecruboError.isRecruboError(error)) throw error;
          const network = classifyNetworkError(error);
          const decision = decideRetry({ kind: 'network', notSent: network.notSent }, retryContext(method, description, settings.maxRetries, call));
          if (!decision.retry) throw connectionError(error, network, description, decision.reason);
          delayMs = decision.delayMs;
        }
        try {
          await clock.sleep(delayMs, call.signal);
        } catch (error) {
          throw cancelled(call, description, settings.timeoutMs, error);
        }
      }
    } catch (error) {
      call.end();
      throw error;
    }
  }

  /** Hands the response on; the deadline keeps running until its body has been read. */
  function deliver(response: Response, description: RequestDescription, call: CallSignal): Response {
    const finalDescription = { ...description };
    const contentLength = response.headers.get('content-length');
    const noBody =
      response.body === null ||
      NULL_BODY_STATUSES.has(response.status) ||
      description.method === 'HEAD' ||
      (contentLength === '0' && !response.headers.get('transfer-encoding')?.includes('chunked'));
    if (noBody) {
      call.end();
      requests.set(response, finalDescription);
      return response;
    }
    const context: RecruboErrorOptions = {
      status: response.status,
      method: description.method,
      url: description.url,
      requestId: requestIdOf(response.headers),
      attempts: description.attempts,
    };
    const limit = response.ok ? defaults.maxResponseBytes : Math.min(defaults.maxResponseBytes, MAX_ERROR_BODY_BYTES);
    const tooLarge = (): RecruboError =>
      new ResponseTooLargeError(
        `${whereOf(description)} answered ${response.status} with a body larger than maxResponseBytes (${limit} bytes); it was not read. Raise maxResponseBytes if this response is legitimately that large, or ask for smaller pages.`,
        { ...context, limitBytes: limit },
      );
    if (response.ok && contentLength !== null && Number(contentLength) > limit) {
      response.body?.cancel().catch(() => undefined);
      call.end();
      throw tooLarge();
    }
    const body = guardBody(response.body as ReadableStream<Uint8Array>, {
      maxBytes: limit,
      overflow: response.ok ? 'error' : 'truncate',
      signal: call.signal,
      abortError: (cause) => cancelled(call, description, undefined, cause, context),
      failure: (cause) => {
        const network = classifyNetworkError(cause);
        return new ConnectionError(
          `${whereOf(description)} lost the connection while the ${response.status} response body was being read (${network.reason}).${isIdempotent(description.method) ? ' The request is safe to send again.' : ' The server may have acted on it: check before sending it again.'}`,
          { ...context, cause },
        );
      },
      tooLarge,
      onEnd: () => call.end(),
    });
    const guarded = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // `new Response` has no URL; callers of `recrubo.raw` may read it.
    Object.defineProperty(guarded, 'url', { value: response.url || description.url });
    requests.set(guarded, finalDescription);
    return guarded;
  }

  function retryContext(method: string, description: RequestDescription, maxRetries: number, call: CallSignal) {
    return {
      method,
      retriesSoFar: (description.attempts ?? 1) - 1,
      maxRetries,
      remainingMs: call.remainingMs(),
      now: clock.now(),
      random: () => clock.random(),
    };
  }

  function read(result: TextResult, route: RouteDescription): unknown {
    const description = requests.get(result.response) ?? { method: route.method.toUpperCase(), url: result.response.url || route.path };
    if (!result.response.ok) {
      config.validation?.checkErrorBody(route, result.response.status, result.error, description);
      return parseJsonBody(result, description);
    }
    const document = parseJsonBody(result, description, { jsonApi: route.jsonApi });
    config.validation?.check(route, result.response.status, document, description, requestIdOf(result.response.headers));
    return document;
  }

  return {
    fetch: (request) => send(request, undefined),
    forCall: (options) => (request) => send(request, options),
    requestOf: (response) => requests.get(response),
    read,
  };
}

/** The caller's abort or the deadline, whichever ended the call. */
function cancelled(
  call: CallSignal,
  description: RequestDescription,
  timeoutMs: number | undefined,
  cause: unknown,
  context: RecruboErrorOptions = { method: description.method, url: description.url, attempts: description.attempts },
): RecruboError {
  if (RecruboError.isRecruboError(cause)) return cause;
  const options = { ...context, cause };
  if (call.cause() === 'caller') return new AbortError(`${whereOf(description)} was aborted by the caller.`, options);
  const limit = timeoutMs === undefined ? 'the timeout' : `${timeoutMs} ms`;
  return new TimeoutError(
    `${whereOf(description)} did not complete within ${limit} (${description.attempts ?? 0} attempt${description.attempts === 1 ? '' : 's'}, body included). Raise timeoutMs, per client or per call, if the server is legitimately slow.`,
    options,
  );
}

function connectionError(
  error: unknown,
  network: ReturnType<typeof classifyNetworkError>,
  description: RequestDescription,
  notRetriedBecause: NoRetryReason,
): ConnectionError {
  const attempts = description.attempts ?? 1;
  const after = attempts > 1 ? ` after ${attempts} attempts` : '';
  const advice =
    notRetriedBecause === 'may-have-been-processed'
      ? ' It was not retried: the server may have received it, so check whether it took effect before sending it again.'
      : ' Check baseUrl and network access.';
  return new ConnectionError(`${whereOf(description)} failed before a response arrived${after} (${network.reason}).${advice}`, {
    method: description.method,
    url: description.url,
    attempts,
    cause: error,
  });
}
