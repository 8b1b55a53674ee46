// Error responses as classes, Retry-After parsing, snippets that never carry a credential,
// and success bodies that are not the JSON:API document they should be.
import { NotFoundError, RateLimitError, ResponseParseError, ServerError, UnexpectedStatusError, ValidationError } from '../../src/errors';
import { errorFromResponse, parseRetryAfter, snippetOf } from '../../src/transport/http-error';
import { parseJsonBody } from '../../src/transport/response';

const request = { method: 'GET', url: 'https://api.example.test/public/v2/flow-runs/r1', attempts: 1 };

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  it.each([
    ['2', 2000],
    ['0', 0],
    [' 1.5 ', 1500],
    [new Date(now + 30_000).toUTCString(), 30_000],
    [new Date(now - 30_000).toUTCString(), 0],
    ['', undefined],
    ['soon', undefined],
    ['-1', undefined],
    ['7 apples', undefined],
    ['Sunday, 06-Nov-94 08:49:37 GMT', 0],
  ])('%j → %p', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it('is undefined without the header', () => expect(parseRetryAfter(null, now)).toBeUndefined());
});

describe('snippetOf', () => {
  it('flattens whitespace and cuts long bodies', () => {
    expect(snippetOf('a\n\n  b')).toBe('a b');
    expect(snippetOf('x'.repeat(500))).toHaveLength(201);
  });
  it.each([
    'Authorization: Bearer rk_live_abc123',
    '{"authorization":"Bearer rk_live_abc123"}',
    "authorization = 'rk_live_abc123'",
    'token was bearer rk_live_abc123 here',
  ])('redacts a credential echoed in %j', (body) => {
    expect(snippetOf(body)).not.toContain('rk_live_abc123');
    expect(snippetOf(body)).toContain('[REDACTED]');
  });
});

describe('errorFromResponse', () => {
  it.each([
    [400, ValidationError],
    [404, NotFoundError],
    [422, ValidationError],
    [418, UnexpectedStatusError],
    [502, ServerError],
  ])('%i → %p', (status, Class) => {
    expect(errorFromResponse(new Response(null, { status }), '', request)).toBeInstanceOf(Class);
  });

  it('keeps the request id, the attempts and every JSON:API error', () => {
    const body = { errors: [{ code: 'bad', title: 'Bad', source: { pointer: '/data/attributes/x' } }, { title: 'Also' }] };
    const error = errorFromResponse(new Response(null, { status: 422, headers: { 'X-Request-Id': 'abc' } }), body, { ...request, attempts: 2 }) as ValidationError;
    expect(error).toMatchObject({ status: 422, code: 'bad', title: 'Bad', requestId: 'abc', attempts: 2 });
    expect(error.errors).toHaveLength(2);
    expect(error.pointers).toEqual(['/data/attributes/x']);
    expect(error.message).toBe('GET /public/v2/flow-runs/r1 failed with 422: Bad (after 2 attempts)');
  });

  it('reads Retry-After into RateLimitError.retryAfterMs', () => {
    const error = errorFromResponse(new Response(null, { status: 429, headers: { 'Retry-After': '9' } }), '', request) as RateLimitError;
    expect(error.retryAfterMs).toBe(9000);
  });
});

describe('parseJsonBody', () => {
  const result = (status: number, text: string, type = 'application/vnd.api+json') => ({
    data: text,
    response: new Response(null, { status, headers: { 'Content-Type': type } }),
  });

  it('accepts JSON:API documents with data or meta, and the plain JSON media type', () => {
    expect(parseJsonBody(result(200, '{"data":null}'), request)).toEqual({ data: null });
    expect(parseJsonBody(result(200, '{"meta":{}}', 'application/json; charset=utf-8'), request)).toEqual({ meta: {} });
  });

  it('accepts an empty body where one is a complete answer', () => {
    expect(parseJsonBody({ response: new Response(null, { status: 204 }) }, request)).toBeUndefined();
    expect(parseJsonBody(result(200, ''), { ...request, method: 'DELETE' })).toBeUndefined();
  });

  it('names where it stopped making sense', () => {
    const error = (() => {
      try {
        parseJsonBody(result(200, '{"errors":[]}'), request);
      } catch (e) {
        return e as ResponseParseError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ pointer: '/errors', status: 200, attempts: 1 });
  });
});
