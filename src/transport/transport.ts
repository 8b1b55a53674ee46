// The SDK's transport: every request of the resource methods and of `recrubo.raw` passes
// through here. It adds the JSON:API and auth headers, retries what is safe to retry (see
// retry.ts), bounds the whole call (every attempt, every backoff sleep and the reading of the
// body) by one deadline, honours the caller's AbortSignal at each of those points, caps the
// size of the body, and turns native fetch failures (which come from another realm under
// jest and in some runtimes) into the SDK's own error classes.
//
// Two ways in, one attempt loop:
//   - `call()`, for the resource methods: they describe the request as plain data (URL,
//     method, JSON text) and get the parsed document back. No Request object is built unless
//     a custom fetch asks for one, and the body is read here, without a second stream or
//     Response: that keeps the SDK within a few percent of openapi-fetch (docs/benchmarks.md).
//   - `fetch`, openapi-fetch's fetch for `recrubo.raw`: takes its Request and returns a
//     Response whose body still obeys the deadline and the size cap (body-limit.ts), since
//     openapi-fetch reads it after the transport has returned.
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
import { guardBody, type BodyCap, type BodyErrors } from './body-limit';
import { realClock, type Clock } from './clock';
import { startCall, type CallSignal } from './deadline';
import { requestIdOf, whereOf, type RequestDescription } from './http-error';
import { classifyNetworkError } from './network-error';
import { completeBodyText, readBodyText } from './read-body';
import { TAKE_COMPLETE_BODY, TAKES_URL_AND_INIT, type CompleteBody } from './fetch-protocol';
import { parseJsonBody, type TextResult } from './response';
import { decideRetry, isIdempotent, type NoRetryReason } from './retry';
import type { ResponseValidation } from './validation';

/** What `new Recrubo({ fetch })` accepts: a fetch that takes a Request (what openapi-fetch passes). */
export type FetchLike = (input: Request) => Promise<Response>;

type UrlFetch = (url: string, init: RequestInit) => Promise<Response>;

/** The two kinds of Recrubo key. Kept in the transport's closure only. */
export interface Credentials {
  /** The organization key: every route except `/management/…`. */
  organization?: string;
  /** The partner key: the `/management/…` routes. */
  partner?: string;
}

export interface TransportConfig {
  credentials: Credentials;
  /** A custom fetch. Default: `globalThis.fetch`, looked up at call time (so test interceptors apply). */
  fetch?: FetchLike;
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

/** A resource method's request, as plain data. */
export interface OutgoingRequest {
  /** The full URL, query included. */
  url: string;
  /** The JSON:API document, already serialized; absent for a request without a body. */
  body?: string;
}

/** The request of one call, whichever way it came in. */
interface Outgoing {
  method: string;
  url: string;
  /** The spec path or the URL's pathname: it picks the key. */
  pathname: string;
  /** The caller's own headers (`recrubo.raw`); the transport sets Accept, Content-Type and Authorization. */
  headers?: Headers;
  body: string | ArrayBuffer | null;
  redirect?: RequestRedirect;
}

export interface Transport {
  /** The fetch handed to openapi-fetch (`recrubo.raw`). */
  fetch: FetchLike;
  /**
   * One resource-method call: sends `request` to `route`, reads the body, and returns the
   * parsed JSON:API document (undefined for an empty 2xx). Throws the typed error for a
   * non-2xx status or a body that is not the document expected, and checks the body against
   * the spec when `validateResponses` is on.
   */
  call(route: RouteDescription, request: OutgoingRequest, options: CallOptions | undefined): Promise<unknown>;
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
const ignore = (): undefined => undefined;

/** The key a request needs: the partner key for `/management/…`, the organization key for the rest. */
function keyFor(outgoing: Outgoing, credentials: Credentials): string {
  const partner = MANAGEMENT_ROUTE.test(outgoing.pathname);
  const key = partner ? credentials.partner : credentials.organization;
  if (key === undefined) {
    throw new ConfigurationError(
      partner
        ? `${outgoing.pathname} is a management route: create the client with a partnerKey.`
        : `${outgoing.pathname} needs an organization key: create the client with an apiKey.`,
      { method: outgoing.method, url: outgoing.url, attempts: 0 },
    );
  }
  return key;
}

/** The headers sent: the caller's, if any, with the JSON:API media type and the key on top. */
function headersFor(outgoing: Outgoing, apiKey: string): Headers | Record<string, string> {
  const hasBody = outgoing.body !== null;
  if (outgoing.headers === undefined) {
    const headers: Record<string, string> = { accept: JSON_API_MEDIA_TYPE, authorization: `Bearer ${apiKey}` };
    if (hasBody) headers['content-type'] = JSON_API_MEDIA_TYPE;
    return headers;
  }
  const headers = new Headers(outgoing.headers);
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

/** True when the response has no body to read (openapi-fetch's rule, plus the statuses that never carry one). */
function hasNoBody(response: Response, method: string): boolean {
  if (response.body === null || NULL_BODY_STATUSES.has(response.status) || method === 'HEAD') return true;
  return response.headers.get('content-length') === '0' && !response.headers.get('transfer-encoding')?.includes('chunked');
}

export function createTransport(config: TransportConfig): Transport {
  checkCredentials(config.credentials);
  const clock = config.clock ?? realClock;
  const defaults = {
    timeoutMs: checkCount(config.timeoutMs, 'timeoutMs', ConfigurationError, MAX_TIMER_MS, 1),
    maxRetries: checkCount(config.maxRetries, 'maxRetries', ConfigurationError, 100, 0),
    maxResponseBytes: checkCount(config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes', ConfigurationError, Number.MAX_SAFE_INTEGER, 1),
  };
  const customFetch = config.fetch;
  // The global fetch and a marked one take (url, init): no Request is built for them (fetch-protocol.ts).
  const urlFetch: UrlFetch | undefined =
    customFetch === undefined
      ? (url, init) => globalThis.fetch(url, init)
      : (customFetch as { [TAKES_URL_AND_INIT]?: boolean })[TAKES_URL_AND_INIT] === true
        ? (customFetch as unknown as UrlFetch)
        : undefined;

  function settingsFor(options: CallOptions | undefined) {
    return {
      timeoutMs: options?.timeoutMs === undefined ? defaults.timeoutMs : checkCount(options.timeoutMs, 'timeoutMs', InvalidRequestError, MAX_TIMER_MS, 1),
      maxRetries: options?.maxRetries === undefined ? defaults.maxRetries : checkCount(options.maxRetries, 'maxRetries', InvalidRequestError, 100, 0),
    };
  }

  /** One attempt on the wire: a Request only for a custom fetch that needs one. */
  function dispatch(outgoing: Outgoing, headers: Headers | Record<string, string>, signal: AbortSignal): Promise<Response> {
    const init: RequestInit = { method: outgoing.method, headers, body: outgoing.body, signal };
    if (outgoing.redirect !== undefined) init.redirect = outgoing.redirect;
    return urlFetch ? urlFetch(outgoing.url, init) : customFetch!(new Request(outgoing.url, init));
  }

  interface Sent {
    response: Response;
    description: RequestDescription;
    call: CallSignal;
  }

  /**
   * The attempt loop: returns the response to keep, with the call still running (its deadline
   * covers the reading of the body; the reader ends it). On a throw the call has ended.
   */
  async function send(outgoing: Outgoing, options: CallOptions | undefined): Promise<Sent> {
    // The response validators, when the package's ESM build is still importing them.
    if (config.validation?.ready) await config.validation.ready;
    const settings = settingsFor(options);
    const { method } = outgoing;
    const description: RequestDescription = { method, url: outgoing.url, attempts: 0 };
    const headers = headersFor(outgoing, keyFor(outgoing, config.credentials));
    const call = startCall(options?.signal, settings.timeoutMs, clock);
    try {
      for (;;) {
        if (call.signal.aborted) throw cancelled(call, description, settings.timeoutMs, call.signal.reason);
        description.attempts = (description.attempts ?? 0) + 1;
        let delayMs: number;
        try {
          const response = await dispatch(outgoing, headers, call.signal);
          const decision = decideRetry(
            // A 2xx is never retried: its headers need no lookup.
            { kind: 'response', status: response.status, retryAfter: response.ok ? null : response.headers.get('retry-after') },
            retryContext(method, description, settings.maxRetries, call),
          );
          if (!decision.retry) return { response, description, call };
          // Not read: the connection is released for the next attempt.
          response.body?.cancel().catch(ignore);
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

  /** The context every error about this response carries. */
  function contextOf(response: Response, description: RequestDescription): RecruboErrorOptions {
    return {
      status: response.status,
      method: description.method,
      url: description.url,
      requestId: requestIdOf(response.headers),
      attempts: description.attempts,
    };
  }

  /**
   * How much of a body is read: a success body whole or not at all (over the cap it fails), an
   * error body up to its first MiB (its beginning is all the error needs).
   */
  const capOf = (response: Response): BodyCap =>
    response.ok ? { maxBytes: defaults.maxResponseBytes, overflow: 'error' } : { maxBytes: Math.min(defaults.maxResponseBytes, MAX_ERROR_BODY_BYTES), overflow: 'truncate' };

  /** Built per body read, so the context is only assembled when an error is. */
  function bodyErrors(response: Response, description: RequestDescription, call: CallSignal): BodyErrors {
    return {
      abortError: (cause) => cancelled(call, description, undefined, cause, contextOf(response, description)),
      failure(cause) {
        const network = classifyNetworkError(cause);
        return new ConnectionError(
          `${whereOf(description)} lost the connection while the ${response.status} response body was being read (${network.reason}).${isIdempotent(description.method) ? ' The request is safe to send again.' : ' The server may have acted on it: check before sending it again.'}`,
          { ...contextOf(response, description), cause },
        );
      },
      tooLarge() {
        const limit = capOf(response).maxBytes;
        return new ResponseTooLargeError(
          `${whereOf(description)} answered ${response.status} with a body larger than maxResponseBytes (${limit} bytes); it was not read. Raise maxResponseBytes if this response is legitimately that large, or ask for smaller pages.`,
          { ...contextOf(response, description), limitBytes: limit },
        );
      },
    };
  }

  /** A success body whose Content-Length already says it is too large is refused unread. */
  function refuseDeclaredTooLarge(response: Response, description: RequestDescription, call: CallSignal): void {
    const contentLength = response.headers.get('content-length');
    if (response.ok && contentLength !== null && Number(contentLength) > capOf(response).maxBytes) {
      response.body?.cancel().catch(ignore);
      call.end();
      throw bodyErrors(response, description, call).tooLarge();
    }
  }

  /** `recrubo.raw`: hands the response on; the deadline keeps running until its body has been read. */
  function deliver({ response, description, call }: Sent): Response {
    if (hasNoBody(response, description.method)) {
      call.end();
      return response;
    }
    refuseDeclaredTooLarge(response, description, call);
    const body = guardBody(response.body as ReadableStream<Uint8Array>, {
      ...bodyErrors(response, description, call),
      ...capOf(response),
      signal: call.signal,
      onEnd: () => call.end(),
    });
    const guarded = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // `new Response` has no URL; callers of `recrubo.raw` may read it.
    Object.defineProperty(guarded, 'url', { value: response.url || description.url });
    return guarded;
  }

  /** The resource methods: the body read here, as text, then parsed and checked. */
  async function readResult({ response, description, call }: Sent): Promise<TextResult> {
    try {
      // Before `body` is touched: asking for it would build the stream this avoids.
      const complete = (response as Partial<CompleteBody>)[TAKE_COMPLETE_BODY]?.();
      if (complete === undefined && hasNoBody(response, description.method)) return { response };
      const errors = bodyErrors(response, description, call);
      let text: string;
      if (complete !== undefined) {
        text = completeBodyText(complete, capOf(response), errors);
      } else {
        refuseDeclaredTooLarge(response, description, call);
        text = await readBodyText(response.body as ReadableStream<Uint8Array>, capOf(response), call.signal, errors);
      }
      if (response.ok) return { data: text, response };
      // As openapi-fetch reads an error body: JSON when it parses, the text otherwise.
      try {
        return { error: JSON.parse(text) as unknown, response };
      } catch {
        return { error: text, response };
      }
    } finally {
      call.end();
    }
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

  async function rawFetch(request: Request): Promise<Response> {
    const outgoing: Outgoing = {
      method: request.method.toUpperCase(),
      url: request.url,
      pathname: new URL(request.url).pathname,
      headers: request.headers,
      // Buffered once: a request body stream can be read only once, and each attempt needs it.
      body: request.body === null ? null : await request.arrayBuffer(),
      redirect: request.redirect,
    };
    return deliver(await send(outgoing, { signal: request.signal }));
  }

  async function call(route: RouteDescription, request: OutgoingRequest, options: CallOptions | undefined): Promise<unknown> {
    const method = route.method.toUpperCase();
    const outgoing: Outgoing = { method, url: request.url, pathname: route.path, body: request.body ?? null };
    const sent = await send(outgoing, options);
    const result = await readResult(sent);
    const { description } = sent;
    if (!result.response.ok) {
      config.validation?.checkErrorBody(route, result.response.status, result.error, description);
      return parseJsonBody(result, description);
    }
    const document = parseJsonBody(result, description, { jsonApi: route.jsonApi });
    config.validation?.check(route, result.response.status, document, description, requestIdOf(result.response.headers));
    return document;
  }

  return {
    fetch: rawFetch,
    call,
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
