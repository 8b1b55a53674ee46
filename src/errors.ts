/**
 * The SDK's error hierarchy. Every failure a caller can see is a `RecruboError`
 * subclass, so `catch (e) { if (e instanceof RecruboError) … }` is exhaustive.
 *
 * Errors never carry the API key: the request URL is stored without its
 * credentials and no request headers are kept at all.
 */

/** One entry of a JSON:API `errors` array, as the server sent it. */
export interface JsonApiErrorObject {
  id?: string;
  code?: string;
  /** Recrubo sends the HTTP status as a number; JSON:API says string. Both occur. */
  status?: string | number;
  title?: string;
  /** Recrubo's `detail` may be any JSON value (an object for upstream Meta errors). */
  detail?: unknown;
  source?: { pointer?: string; parameter?: string; header?: string };
  meta?: Record<string, unknown>;
}

export interface RecruboErrorOptions {
  status?: number;
  code?: string;
  title?: string;
  detail?: unknown;
  errors?: JsonApiErrorObject[];
  method?: string;
  url?: string;
  requestId?: string;
  cause?: unknown;
  /** A short, already-truncated snippet of a body that was not JSON. */
  bodySnippet?: string;
  /** How many times the request was sent (1 when it was not retried, 0 when it never left). */
  attempts?: number;
}

// A registry-wide symbol survives duplicated module copies and other realms
// (two installed versions of the SDK, jest's module registry, vm contexts),
// where `instanceof` does not.
const BRAND = Symbol.for('recrubo-sdk.error');

export class RecruboError extends Error {
  /** HTTP status, when the error came from a response. */
  readonly status: number | undefined;
  /** The first JSON:API error's `code` (e.g. `bad_request`). */
  readonly code: string | undefined;
  /** The first JSON:API error's `title`. */
  readonly title: string | undefined;
  /** The first JSON:API error's `detail`: any JSON value. */
  readonly detail: unknown;
  /** Every JSON:API error object the server returned (empty when the body had none). */
  readonly errors: readonly JsonApiErrorObject[];
  /** HTTP method of the failed request. */
  readonly method: string | undefined;
  /** URL of the failed request, without credentials. */
  readonly url: string | undefined;
  /** The server's request id header, if it sent one. */
  readonly requestId: string | undefined;
  /** Start of a body that could not be parsed as JSON. */
  readonly bodySnippet: string | undefined;
  /** How many times the request was sent, retries included (undefined when unknown). */
  readonly attempts: number | undefined;

  constructor(message: string, options: RecruboErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status;
    this.errors = options.errors ?? [];
    const first = this.errors[0];
    this.code = options.code ?? first?.code;
    this.title = options.title ?? first?.title;
    this.detail = options.detail !== undefined ? options.detail : first?.detail;
    this.method = options.method;
    this.url = options.url === undefined ? undefined : redactUrl(options.url);
    this.requestId = options.requestId;
    this.bodySnippet = options.bodySnippet;
    this.attempts = options.attempts;
    Object.defineProperty(this, BRAND, { value: this.name, enumerable: false });
  }

  /** Cross-realm guard: true for any RecruboError, even from another copy of the SDK. */
  static isRecruboError(value: unknown): value is RecruboError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  /** A plain object for logs: everything useful, nothing secret. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      title: this.title,
      detail: this.detail,
      errors: this.errors,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      attempts: this.attempts,
      bodySnippet: this.bodySnippet,
    };
  }
}

/** 400 or 422: the request was understood but its content was refused. */
export class ValidationError extends RecruboError {
  /** JSON pointers (`/data/attributes/status`) of the fields the server refused. */
  get pointers(): string[] {
    return this.errors.flatMap((e) => (e.source?.pointer ? [e.source.pointer] : []));
  }
}
/** 401: the API key is missing, wrong or revoked. */
export class AuthenticationError extends RecruboError {}
/** 403: the key is valid but may not do this (e.g. an organization key on a management route). */
export class PermissionDeniedError extends RecruboError {}
/** 404: no resource with that id, or the route does not exist. */
export class NotFoundError extends RecruboError {}
/** 409: the request conflicts with the resource's current state. */
export class ConflictError extends RecruboError {}
/** 429: too many requests. `retryAfterMs` is the server's hint, when it sent one. */
export class RateLimitError extends RecruboError {
  retryAfterMs: number | undefined;
}
/** 5xx: the server failed. */
export class ServerError extends RecruboError {}
/** Any other non-2xx status. */
export class UnexpectedStatusError extends RecruboError {}
/** The request never got a response: DNS, refused or reset connection, TLS. */
export class ConnectionError extends RecruboError {}
/** No complete response within `timeoutMs`. Distinct from a caller's abort. */
export class TimeoutError extends ConnectionError {}
/** The caller's `AbortSignal` fired. */
export class AbortError extends RecruboError {}
/** A body that is not the JSON (or not the JSON:API document) it should be. */
export class ResponseParseError extends RecruboError {
  /** JSON pointer into the document where it stopped making sense, if known. */
  readonly pointer: string | undefined;
  constructor(message: string, options: RecruboErrorOptions & { pointer?: string } = {}) {
    super(message, options);
    this.pointer = options.pointer;
  }
}
/**
 * A response body larger than `maxResponseBytes`. The SDK stopped reading it, so a huge or
 * endless body cannot exhaust memory. Raise the limit if the response is legitimately large.
 */
export class ResponseTooLargeError extends ResponseParseError {
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(message: string, options: RecruboErrorOptions & { limitBytes: number }) {
    super(message, options);
    this.limitBytes = options.limitBytes;
  }
}

/** One place where a response body departs from the spec's schema. */
export interface ContractViolation {
  /** JSON pointer of the offending value in the body (of the missing or extra member itself). */
  pointer: string;
  /** The JSON Schema keyword that failed: `required`, `type`, `enum`, `format`, `additionalProperties`, … */
  keyword: string;
  /** What the schema expected, in words. Never contains the offending value. */
  message: string;
}

/**
 * With `validateResponses: 'throw'`: a successful response whose body does not match the
 * spec's schema for that operation and status. The API changed (or the spec is wrong):
 * `violations` lists every JSON pointer that drifted.
 */
export class ContractViolationError extends ResponseParseError {
  /** The spec operation whose response drifted, e.g. `listFlowRuns`. */
  readonly operationId: string;
  /** Every departure from the schema. */
  readonly violations: readonly ContractViolation[];
  constructor(message: string, options: RecruboErrorOptions & { operationId: string; violations: readonly ContractViolation[] }) {
    super(message, { ...options, pointer: options.violations[0]?.pointer });
    this.operationId = options.operationId;
    this.violations = options.violations;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), operationId: this.operationId, violations: this.violations };
  }
}

/** Input refused before any request was sent (a bad id, a page size of 500, …). */
export class InvalidRequestError extends RecruboError {}

/** The class a response status maps to. */
export function errorClassForStatus(status: number): typeof RecruboError {
  if (status === 400 || status === 422) return ValidationError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return UnexpectedStatusError;
}

/** Removes userinfo and any query parameter that could hold a credential. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|auth|password/i.test(key)) parsed.searchParams.set(key, 'REDACTED');
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

/** The client was configured wrongly (no API key, a malformed base URL, …). */
export class ConfigurationError extends RecruboError {}
