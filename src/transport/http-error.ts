// Turns a non-2xx response into the RecruboError subclass for its status, keeping every
// JSON:API error object and never anything from the request headers.
import { errorClassForStatus, RateLimitError, RecruboError, type JsonApiErrorObject } from '../errors';

const SNIPPET_LENGTH = 200;
const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'request-id'];

export interface RequestDescription {
  method: string;
  url: string;
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
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function snippetOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
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
  const message = `${request.method} ${new URL(request.url).pathname} failed with ${status}${what}`;
  const error = new ErrorClass(message, {
    status,
    errors,
    method: request.method,
    url: request.url,
    requestId: requestIdOf(response.headers),
    bodySnippet,
  });
  if (error instanceof RateLimitError) error.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return error;
}
