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

/**
 * The members a RecruboError copies from its options, in the order `toJSON` writes them
 * (after `name` and `message`). One list for the constructor and `toJSON` keeps the class
 * small in browser bundles. Members that a constructor always sets are `declare`d, here and
 * in the subclasses, rather than class fields, which would compile to another list of the
 * same names.
 */
const MEMBERS = ['status', 'code', 'title', 'detail', 'errors', 'method', 'url', 'requestId', 'attempts', 'bodySnippet'] as const;

export class RecruboError extends Error {
  /** HTTP status, when the error came from a response. */
  declare readonly status: number | undefined;
  /** The first JSON:API error's `code` (e.g. `bad_request`). */
  declare readonly code: string | undefined;
  /** The first JSON:API error's `title`. */
  declare readonly title: string | undefined;
  /** The first JSON:API error's `detail`: any JSON value. */
  declare readonly detail: unknown;
  /** Every JSON:API error object the server returned (empty when the body had none). */
  declare readonly errors: readonly JsonApiErrorObject[];
  /** HTTP method of the failed request. */
  declare readonly method: string | undefined;
  /** URL of the failed request, without credentials. */
  declare readonly url: string | undefined;
  /** The server's request id header, if it sent one. */
  declare readonly requestId: string | undefined;
  /** Start of a body that could not be parsed as JSON. */
  declare readonly bodySnippet: string | undefined;
  /** How many times the request was sent, retries included (undefined when unknown). */
  declare readonly attempts: number | undefined;

  constructor(message: string, options: RecruboErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const errors = options.errors ?? [];
    const first = errors[0];
    const values: RecruboErrorOptions = {
      ...options,
      errors,
      code: options.code ?? first?.code,
      title: options.title ?? first?.title,
      detail: options.detail !== undefined ? options.detail : first?.detail,
      url: options.url === undefined ? undefined : redactUrl(options.url),
    };
    // Every member is an own property, `undefined` when not given.
    for (const key of MEMBERS) (this as Record<string, unknown>)[key] = values[key];
    this.name = new.target.name;
    // Not enumerable, not writable: defineProperty's defaults.
    Object.defineProperty(this, BRAND, { value: this.name });
  }

  /** Cross-realm guard: true for any RecruboError, even from another copy of the SDK. */
  static isRecruboError(value: unknown): value is RecruboError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  /** A plain object for logs: everything useful, nothing secret. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key of MEMBERS) json[key] = this[key];
    return json;
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
  // A class field (not `declare`d): the property exists, undefined, until the transport sets it.
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
  declare readonly pointer: string | undefined;
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
  declare readonly limitBytes: number;
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
  declare readonly operationId: string;
  /** Every departure from the schema. */
  declare readonly violations: readonly ContractViolation[];
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
  const byStatus: Partial<Record<number, typeof RecruboError>> = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
  };
  return byStatus[status] ?? (status >= 500 ? ServerError : UnexpectedStatusError);
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
