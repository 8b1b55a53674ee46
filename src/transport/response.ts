// What a response means to the SDK: a typed error for a non-2xx status, nothing for a 204,
// and otherwise the parsed JSON document, or a ResponseParseError when the body is not JSON.
import { ResponseParseError } from '../errors';
import { errorFromResponse, requestIdOf, snippetOf, type RequestDescription } from './http-error';

/** openapi-fetch's result when called with `parseAs: 'text'`. */
export interface TextResult {
  data?: string;
  error?: unknown;
  response: Response;
}

const JSON_MEDIA = /^application\/(vnd\.api\+)?json\s*(;|$)/i;

export function parseJsonBody(result: TextResult, request: RequestDescription): unknown {
  const { response } = result;
  if (!response.ok) throw errorFromResponse(response, result.error, request);
  const text = result.data;
  if (response.status === 204 || text === undefined || text === '') return undefined;
  const context = { status: response.status, method: request.method, url: request.url, requestId: requestIdOf(response.headers) };
  const contentType = response.headers.get('content-type') ?? '';
  if (!JSON_MEDIA.test(contentType)) {
    throw new ResponseParseError(
      `${request.method} ${new URL(request.url).pathname} answered ${response.status} with content type "${contentType || 'none'}" instead of application/vnd.api+json: ${snippetOf(text)}`,
      { ...context, bodySnippet: snippetOf(text) },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ResponseParseError(
      `${request.method} ${new URL(request.url).pathname} answered ${response.status} with a body that is not valid JSON: ${snippetOf(text)}`,
      { ...context, bodySnippet: snippetOf(text), cause },
    );
  }
}
