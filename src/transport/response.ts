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
  const context = {
    status: response.status,
    method: request.method,
    url: request.url,
    requestId: requestIdOf(response.headers),
    attempts: request.attempts,
  };
  const where = whereOf(request);
  if (text === undefined || text === '') {
    if (EMPTY_BODY_STATUSES.has(response.status) || EMPTY_BODY_METHODS.has(request.method.toUpperCase())) return undefined;
    throw new ResponseParseError(`${where} answered ${response.status} with an empty body where a JSON:API document was expected.`, context);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!JSON_MEDIA.test(contentType)) {
    throw new ResponseParseError(
      `${where} answered ${response.status} with content type "${contentType || 'none'}" instead of application/vnd.api+json: ${snippetOf(text)}`,
      { ...context, bodySnippet: snippetOf(text) },
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new ResponseParseError(
      `${where} answered ${response.status} with a body that is not valid JSON (truncated or not JSON at all): ${snippetOf(text)}`,
      { ...context, bodySnippet: snippetOf(text), cause },
    );
  }
  if (expectation.jsonApi === false) return document;
  // JSON:API: a success document is an object with `data` or `meta`, and never `errors`.
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ResponseParseError(`${where} answered ${response.status} with JSON that is not a JSON:API document (${Array.isArray(document) ? 'an array' : document === null ? 'null' : typeof document}).`, {
      ...context,
      bodySnippet: snippetOf(text),
      pointer: '',
    });
  }
  if ('errors' in document || !('data' in document || 'meta' in document)) {
    const problem = 'errors' in document ? 'carries `errors`' : 'has neither `data` nor `meta`';
    throw new ResponseParseError(`${where} answered ${response.status} with a JSON:API document that ${problem}.`, {
      ...context,
      bodySnippet: snippetOf(text),
      pointer: 'errors' in document ? '/errors' : '/data',
    });
  }
  return document;
}
