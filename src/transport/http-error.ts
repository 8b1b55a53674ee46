// Turns a non-2xx response into the RecruboError subclass for its status, keeping every
// JSON:API error object and never anything from the request headers.
import { errorClassForStatus, RateLimitError, RecruboError, type JsonApiErrorObject } from '../errors';

const SNIPPET_LENGTH = 200;
const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'request-id'];

export interface RequestDescription {
  method: string;
  url: string;
  /** How many times the transport sent the request (retries included). */
  attempts?: number;
}

/** `METHOD /path` for messages: never the query string (it may hold user data), never a credential. */
export function whereOf(request: RequestDescription): string {
  let pathname: string;
  try {
    pathname = new URL(request.url).pathname;
  } catch {
    pathname = request.url.replace(/[?#].*$/, '');
  }
  return `${request.method} ${pathname}`;
}

export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function errorObjectsOf(body: unknown): JsonApiErrorObject[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((e): e is JsonApiErrorObject => typeof e === 'object' && e !== null);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP-date starts with the day name (all three RFC 9110 formats); Date.parse alone
  // would read "-1" or "7 apples" as dates.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function snippetOf(text: string): string {
  // A proxy's debug page may echo the request headers: never carry a credential into an error.
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^\s"'<>,;]+(\s+[^\s"'<>,;]+)?/gi, '$1[REDACTED]')
    .replace(/\bbearer\s+[^\s"'<>,;]+/gi, 'Bearer [REDACTED]')
    .trim();
  return flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH)}…` : flat;
}

/**
 * @param body the error body as openapi-fetch read it: parsed JSON, or the raw text when it was not JSON.
 */
export function errorFromResponse(response: Response, body: unknown, request: RequestDescription): RecruboError {
  const status = response.status;
  const errors = errorObjectsOf(body);
  const first = errors[0];
  const ErrorClass = errorClassForStatus(status);
  const isText = typeof body === 'string';
  const bodySnippet = isText && body.length > 0 ? snippetOf(body) : undefined;
  const headline = first?.title ?? first?.code ?? (typeof first?.detail === 'string' ? first.detail : undefined);
  const what = headline ? `: ${headline}` : bodySnippet ? ` with a non-JSON body: ${bodySnippet}` : '';
  const retried = request.attempts !== undefined && request.attempts > 1 ? ` (after ${request.attempts} attempts)` : '';
  const message = `${whereOf(request)} failed with ${status}${what}${retried}`;
  const error = new ErrorClass(message, {
    status,
    errors,
    method: request.method,
    url: request.url,
    requestId: requestIdOf(response.headers),
    bodySnippet,
    attempts: request.attempts,
  });
  if (error instanceof RateLimitError) error.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return error;
}
