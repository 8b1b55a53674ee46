// What a response means to the SDK: a typed error for a non-2xx status, nothing for a 204,
// and otherwise the parsed JSON:API document, or a ResponseParseError when the body is not
// JSON or not a JSON:API document.
import { ResponseParseError } from '../errors';
import { errorFromResponse, requestIdOf, snippetOf, whereOf, type RequestDescription } from './http-error';

/** openapi-fetch's result when called with `parseAs: 'text'`. */
export interface TextResult {
  data?: string;
  error?: unknown;
  response: Response;
}

const JSON_MEDIA = /^application\/(vnd\.api\+)?json\s*(;|$)/i;
/** Methods and statuses after which an empty body is a complete answer. */
const EMPTY_BODY_METHODS = new Set(['DELETE', 'HEAD']);
const EMPTY_BODY_STATUSES = new Set([202, 204, 205]);

/** How to read a success body. */
export interface BodyExpectation {
  /** `false` for the few operations whose body is plain JSON, not a JSON:API document (e.g. the embed token). Default `true`. */
  jsonApi?: boolean;
}

export function parseJsonBody(result: TextResult, request: RequestDescription, expectation: BodyExpectation = {}): unknown {
  const { response } = result;
  if (!response.ok) throw errorFromResponse(response, result.error, request);
  const text = result.data;
  // What every parse error says and carries; built only when one is thrown (this runs on every call).
  const problem = (message: string, extra: { bodySnippet?: string; pointer?: string; cause?: unknown } = {}): ResponseParseError =>
    new ResponseParseError(`${whereOf(request)} answered ${response.status} with ${message}`, {
      status: response.status,
      method: request.method,
      url: request.url,
      requestId: requestIdOf(response.headers),
      attempts: request.attempts,
      ...extra,
    });
  if (text === undefined || text === '') {
    if (EMPTY_BODY_STATUSES.has(response.status) || EMPTY_BODY_METHODS.has(request.method.toUpperCase())) return undefined;
    throw problem('an empty body where a JSON:API document was expected.');
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!JSON_MEDIA.test(contentType)) {
    throw problem(`content type "${contentType || 'none'}" instead of application/vnd.api+json: ${snippetOf(text)}`, { bodySnippet: snippetOf(text) });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw problem(`a body that is not valid JSON (truncated or not JSON at all): ${snippetOf(text)}`, { bodySnippet: snippetOf(text), cause });
  }
  if (expectation.jsonApi === false) return document;
  // JSON:API: a success document is an object with `data` or `meta`, and never `errors`.
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    const kind = Array.isArray(document) ? 'an array' : document === null ? 'null' : typeof document;
    throw problem(`JSON that is not a JSON:API document (${kind}).`, { bodySnippet: snippetOf(text), pointer: '' });
  }
  if ('errors' in document || !('data' in document || 'meta' in document)) {
    const has = 'errors' in document ? 'carries `errors`' : 'has neither `data` nor `meta`';
    throw problem(`a JSON:API document that ${has}.`, { bodySnippet: snippetOf(text), pointer: 'errors' in document ? '/errors' : '/data' });
  }
  return document;
}
