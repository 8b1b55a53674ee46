// Fault injection over real HTTP: a scripted server on 127.0.0.1 misbehaves in one way per
// test, and each test names the error class, the number of attempts the server saw, that a
// POST was never sent twice where it must not be, and the backoff chosen (by the injected
// clock: no test waits for a backoff or reads the wall clock).
import retrieved from '../../contracts/examples/flowRuns.retrieve.200.json';
import {
  AbortError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  Recrubo,
  RecruboError,
  ResponseParseError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  ValidationError,
  type RecruboOptions,
} from '../../src';
import { backoffCeiling } from '../../src/transport/backoff';
import { createFakeClock, until, type FakeClock } from '../support/fake-clock';
import { loopbackFetch } from '../support/loopback-fetch';
import {
  cutBody,
  delay,
  endlessTrickle,
  enormousBody,
  reply,
  resetAfterHeaders,
  resetBeforeHeaders,
  stall,
  startFaultServer,
  JSON_API,
  type FaultServer,
} from '../support/fault-server';

const KEY = 'rk_test_faults_0123456789';
const CREATE = { flowId: 'f1', messageThreadId: 't1', state: {}, initialMessage: {} };
const HTML_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
const ID = retrieved.data.id;

let server: FaultServer;
let clock: FakeClock;

beforeEach(async () => {
  server = await startFaultServer();
  clock = createFakeClock();
});
afterEach(async () => {
  await server.close();
});

function client(options: Partial<RecruboOptions> = {}): Recrubo {
  return new Recrubo({ apiKey: KEY, baseUrl: `${server.origin}/public/v2`, clock, fetch: loopbackFetch, ...options });
}

async function failure(promise: Promise<unknown>): Promise<RecruboError> {
  try {
    await promise;
  } catch (error) {
    expect(RecruboError.isRecruboError(error)).toBe(true);
    return error as RecruboError;
  }
  throw new Error('expected the call to fail');
}

describe('slow servers and timeouts', () => {
  it('waits for a server that is slow but within timeoutMs', async () => {
    server.script(delay(30, reply(200, retrieved)));
    await expect(client().flowRuns.retrieve(ID)).resolves.toMatchObject({ id: ID });
    expect(server.count()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('fails a server that never answers with TimeoutError after one attempt (the deadline covers the whole call)', async () => {
    server.script(stall());
    let settled = false;
    const call = failure(client({ timeoutMs: 100 }).flowRuns.retrieve(ID)).finally(() => (settled = true));
    await until(() => server.count() === 1, 'the request');
    clock.advance(99);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    clock.advance(1);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(AbortError);
    expect(error.message).toContain('100 ms');
    expect(error.attempts).toBe(1);
    expect(server.count()).toBe(1);
  });

  it('applies the deadline while the body is read: a body that never ends is a TimeoutError', async () => {
    server.script(endlessTrickle(200, 5));
    let headersReceived = false;
    const recrubo = client({ timeoutMs: 150, fetch: async (request) => loopbackFetch(request).finally(() => (headersReceived = true)) });
    const call = failure(recrubo.flowRuns.retrieve(ID));
    await until(() => headersReceived, 'the response headers');
    clock.advance(150);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.status).toBe(200);
    expect(server.count()).toBe(1);
  });

  it('takes a per-call timeoutMs over the client one', async () => {
    server.script(stall());
    const call = failure(client({ timeoutMs: 60_000 }).flowRuns.retrieve(ID, undefined, { timeoutMs: 50 }));
    await until(() => server.count() === 1, 'the request');
    clock.advance(50);
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('50 ms');
  });

  it.each([
    ['a success', reply(200, retrieved)],
    ['a 404', reply(404, { errors: [{ status: '404', title: 'Not Found' }] })],
    ['a 204', reply(204)],
    ['a reset', resetBeforeHeaders()],
    ['a body cut off', cutBody(200, retrieved)],
    ['a body too large', enormousBody(200, 1024 * 1024)],
  ])('leaves no deadline timer behind after %s', async (_what, step) => {
    server.script(step);
    await client({ maxRetries: 0, maxResponseBytes: 64 * 1024 })
      .flowRuns.retrieve(ID)
      .catch(() => undefined);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('429 Too Many Requests', () => {
  it('retries a GET after the Retry-After seconds', async () => {
    server.script(reply(429, undefined, { 'Retry-After': '2' }), reply(200, retrieved));
    await expect(client().flowRuns.retrieve(ID)).resolves.toMatchObject({ id: ID });
    expect(server.count('GET')).toBe(2);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const at = new Date(clock.now() + 3000).toUTCString();
    server.script(reply(429, undefined, { 'Retry-After': at }), reply(200, retrieved));
    await client().flowRuns.retrieve(ID);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('retries a GET without Retry-After with jittered exponential backoff', async () => {
    clock.nextRandom = 0.999;
    server.script(reply(429), reply(429), reply(200, retrieved));
    await client().flowRuns.retrieve(ID);
    expect(server.count()).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
    clock.sleeps.forEach((ms, retry) => expect(ms).toBeLessThan(backoffCeiling(retry)));
    expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]!);
    expect(clock.elapsed()).toBeLessThan(backoffCeiling(0) + backoffCeiling(1));
  });

  it('retries a POST only when the 429 carries Retry-After, re-sending the same body', async () => {
    server.script(reply(429, undefined, { 'Retry-After': '1' }), reply(201, retrieved));
    await client().flowRuns.create(CREATE);
    expect(server.count('POST')).toBe(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(JSON.parse(server.requests[1]!.body)).toMatchObject({ data: { type: 'flowRuns', attributes: { flowId: 'f1' } } });
    expect(server.requests[1]!.headers['content-type']).toBe('application/vnd.api+json');
  });

  it('never retries a POST answered 429 without Retry-After', async () => {
    server.script(reply(429, { errors: [{ status: '429', title: 'Too Many Requests' }] }));
    const error = await failure(client().flowRuns.create(CREATE));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
    expect(server.count('POST')).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after maxRetries with RateLimitError carrying retryAfterMs and the attempt count', async () => {
    server.script(...[1, 2, 3].map(() => reply(429, { errors: [{ status: '429', title: 'Too Many Requests' }] }, { 'Retry-After': '1' })));
    const error = await failure(client().flowRuns.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1000);
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('after 3 attempts');
    expect(server.count()).toBe(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('does not wait for a Retry-After beyond the cap: it fails at once and says how long to wait', async () => {
    server.script(reply(429, undefined, { 'Retry-After': '120' }));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(server.count()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not wait for a Retry-After that would outlast the deadline', async () => {
    server.script(reply(429, undefined, { 'Retry-After': '5' }));
    const error = await failure(client({ timeoutMs: 2000 }).flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.count()).toBe(1);
  });

  it('honours a per-call maxRetries', async () => {
    server.script(reply(429, undefined, { 'Retry-After': '1' }), reply(429, undefined, { 'Retry-After': '1' }));
    const error = await failure(client({ maxRetries: 5 }).flowRuns.retrieve(ID, undefined, { maxRetries: 1 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.count()).toBe(2);
  });

  it('makes one attempt with maxRetries: 0', async () => {
    server.script(reply(429, undefined, { 'Retry-After': '1' }));
    await expect(client({ maxRetries: 0 }).flowRuns.retrieve(ID)).rejects.toBeInstanceOf(RateLimitError);
    expect(server.count()).toBe(1);
  });
});

describe('5xx and 408', () => {
  it('retries a GET through a 503 sequence and succeeds on the third attempt, within the backoff bounds', async () => {
    clock.nextRandom = 0.5;
    server.script(reply(503), reply(503), reply(200, retrieved));
    await expect(client().flowRuns.retrieve(ID)).resolves.toMatchObject({ id: ID });
    expect(server.count()).toBe(3);
    expect(clock.sleeps).toEqual([0.5 * backoffCeiling(0), 0.5 * backoffCeiling(1)]);
  });

  it('fails a GET after 1 + maxRetries 503s with ServerError', async () => {
    server.script(reply(503), reply(503), reply(503));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(3);
    expect(server.count()).toBe(3);
  });

  it('never sends a POST twice after a 503 without Retry-After', async () => {
    server.script(reply(503), reply(201, retrieved));
    const error = await failure(client().flowRuns.create(CREATE));
    expect(error).toBeInstanceOf(ServerError);
    expect(server.count('POST')).toBe(1);
  });

  it('retries a POST after a 503 with Retry-After (the server says it did not process it)', async () => {
    server.script(reply(503, undefined, { 'Retry-After': '0' }), reply(201, retrieved));
    await expect(client().flowRuns.create(CREATE)).resolves.toMatchObject({ id: ID });
    expect(server.count('POST')).toBe(2);
    expect(clock.sleeps).toEqual([0]);
  });

  it.each([502, 504, 408])('retries a PATCH and a DELETE after %i', async (status) => {
    server.script(reply(status), reply(200, retrieved), reply(status), reply(204));
    await client().flowRuns.update(ID, { status: 'cancelled' });
    await client().flowRuns.delete(ID);
    expect(server.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH', 'DELETE', 'DELETE']);
  });

  it.each([502, 504, 408, 500])('never sends a POST twice after %i', async (status) => {
    server.script(reply(status), reply(201, retrieved));
    await expect(client().flowRuns.create(CREATE)).rejects.toBeInstanceOf(RecruboError);
    expect(server.count('POST')).toBe(1);
  });

  it('does not retry a 500 even for a GET (it is not a transient status)', async () => {
    server.script(reply(500), reply(200, retrieved));
    await expect(client().flowRuns.retrieve(ID)).rejects.toBeInstanceOf(ServerError);
    expect(server.count()).toBe(1);
  });

  it('turns an HTML 502 page into ServerError with a short snippet, after the retries', async () => {
    server.script(...[1, 2, 3].map(() => reply(502, HTML_502, { 'Content-Type': 'text/html' })));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.bodySnippet).toContain('502 Bad Gateway');
    expect(error.bodySnippet!.length).toBeLessThanOrEqual(201);
    expect(error.message).toContain('non-JSON body');
    expect(server.count()).toBe(3);
  });

  it('gives an empty 502 the right class too', async () => {
    server.script(reply(502, ''));
    const error = await failure(client({ maxRetries: 0 }).flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.bodySnippet).toBeUndefined();
  });
});

describe('errors the server means', () => {
  it('is not retried, keeps the request id and the JSON:API error', async () => {
    server.script(reply(404, { errors: [{ status: 404, code: 'not_found', title: 'Not Found', detail: 'No flow run' }] }, { 'X-Request-Id': 'req-42' }));
    const error = await failure(client().flowRuns.retrieve('missing'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', requestId: 'req-42', method: 'GET', attempts: 1 });
    expect(error.url).toBe(`${server.origin}/public/v2/flow-runs/missing`);
    expect(server.count()).toBe(1);
  });

  it('exposes the pointers of a 422', async () => {
    server.script(
      reply(422, {
        errors: [
          { status: '422', title: 'Invalid Attribute', detail: 'must exist', source: { pointer: '/data/attributes/flowId' } },
          { status: '422', title: 'Invalid Attribute', detail: 'must exist', source: { pointer: '/data/attributes/messageThreadId' } },
        ],
      }),
    );
    const error = await failure(client().flowRuns.create(CREATE));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).pointers).toEqual(['/data/attributes/flowId', '/data/attributes/messageThreadId']);
    expect(server.count('POST')).toBe(1);
  });

  it('gives a truncated JSON error body the class of its status with a snippet', async () => {
    server.script(reply(404, '{"errors":[{"status":"404","tit', { 'Content-Type': 'application/vnd.api+json' }));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.bodySnippet).toBe('{"errors":[{"status":"404","tit');
  });
});

describe('broken connections', () => {
  it('retries a GET whose connection was reset before the headers', async () => {
    server.script(resetBeforeHeaders(), reply(200, retrieved));
    await expect(client().flowRuns.retrieve(ID)).resolves.toMatchObject({ id: ID });
    expect(server.count()).toBe(2);
  });

  it('fails a GET with ConnectionError once every attempt was reset', async () => {
    server.script(resetBeforeHeaders(), resetBeforeHeaders(), resetBeforeHeaders());
    const error = await failure(client().flowRuns.list());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(3);
    expect(error.cause).toBeDefined();
    expect(server.count()).toBe(3);
  });

  it('never re-sends a POST whose connection was reset before the headers (the server may have acted)', async () => {
    server.script(resetBeforeHeaders(), reply(201, retrieved));
    const error = await failure(client().flowRuns.create(CREATE));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('not retried');
    expect(server.count('POST')).toBe(1);
  });

  it('fails with ConnectionError when the connection drops after the headers', async () => {
    server.script(resetAfterHeaders(200, '{"data":{"id":'));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.status).toBe(200);
    expect(server.count()).toBe(1);
  });

  it('fails with ConnectionError when the body is cut off half-way, and the POST is not re-sent', async () => {
    server.script(cutBody(201, retrieved));
    const error = await failure(client().flowRuns.create(CREATE));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('may have acted');
    expect(server.count('POST')).toBe(1);
  });

  it('retries a refused connection, even for a POST, because nothing was sent', async () => {
    await server.stop();
    server.script(reply(201, retrieved));
    const attempts: string[] = [];
    clock.onSleep = () => server.listen();
    const recrubo = client({ fetch: (request) => (attempts.push(request.method), loopbackFetch(request)) });
    await expect(recrubo.flowRuns.create(CREATE)).resolves.toMatchObject({ id: ID });
    expect(attempts).toEqual(['POST', 'POST']);
    // The server saw the POST once: the first attempt never connected.
    expect(server.count('POST')).toBe(1);
  });

  it('fails with ConnectionError after every attempt was refused', async () => {
    await server.stop();
    const error = await failure(client().flowRuns.list());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('ECONNREFUSED');
    expect(clock.sleeps).toHaveLength(2);
  });
});

describe('bodies that are not what they should be', () => {
  it('gives ResponseParseError for a 200 with the wrong content type, without retrying', async () => {
    server.script(reply(200, '<html>maintenance</html>', { 'Content-Type': 'text/html' }));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error.status).toBe(200);
    expect(error.bodySnippet).toBe('<html>maintenance</html>');
    expect(server.count()).toBe(1);
  });

  it.each([
    ['not JSON', '{"data": {"id": '],
    ['an array', '[]'],
    ['a string', '"ok"'],
    ['an errors document', '{"errors":[{"title":"x"}]}'],
    ['an object without data or meta', '{"hello":"world"}'],
    ['empty', ''],
  ])('gives ResponseParseError for a 200 whose body is %s', async (_what, body) => {
    server.script(reply(200, body, { 'Content-Type': 'application/vnd.api+json' }));
    const error = await failure(client().flowRuns.retrieve(ID));
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(error).toMatchObject({ status: 200, method: 'GET', attempts: 1 });
  });

  it('stops reading an enormous body at maxResponseBytes', async () => {
    server.script(enormousBody(200, 8 * 1024 * 1024));
    const error = await failure(client({ maxResponseBytes: 256 * 1024 }).flowRuns.list());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(256 * 1024);
    expect(server.count()).toBe(1);
  });

  it('stops reading a body that never ends', async () => {
    server.script(enormousBody(200, Infinity));
    const error = await failure(client({ maxResponseBytes: 128 * 1024 }).flowRuns.list());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it('refuses a declared Content-Length above the limit before reading anything', async () => {
    // Headers announcing 64 MiB, then silence: only the declared length can tell.
    server.script((_req, res) => {
      res.writeHead(200, { ...JSON_API, 'Content-Length': String(64 * 1024 * 1024) });
      res.flushHeaders();
    });
    let headersReceived = false;
    const recrubo = client({ fetch: async (request) => loopbackFetch(request).finally(() => (headersReceived = true)) });
    const call = failure(recrubo.flowRuns.list());
    await until(() => headersReceived, 'the response headers');
    clock.advance(60_000);
    const error = await call;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(10 * 1024 * 1024);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('truncates an enormous error body instead: the caller still gets the class of its status', async () => {
    server.script(enormousBody(502, 4 * 1024 * 1024, { headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(client({ maxRetries: 0, maxResponseBytes: 64 * 1024 }).flowRuns.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.bodySnippet!.length).toBeLessThanOrEqual(201);
  });
});

describe("the caller's AbortSignal", () => {
  it('aborts a request in flight with AbortError, not TimeoutError', async () => {
    server.script(stall());
    const controller = new AbortController();
    const call = failure(client().flowRuns.retrieve(ID, undefined, { signal: controller.signal }));
    await until(() => server.count() === 1, 'the request');
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(AbortError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(server.count()).toBe(1);
  });

  it('aborts during a backoff sleep, and no further attempt is made', async () => {
    server.script(reply(503), reply(200, retrieved));
    clock.holdSleeps = true;
    const controller = new AbortController();
    const call = client().flowRuns.retrieve(ID, undefined, { signal: controller.signal });
    while (clock.sleeps.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    const error = await failure(call);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.attempts).toBe(1);
    expect(server.count()).toBe(1);
  });

  it('aborts while the body is being read', async () => {
    server.script(endlessTrickle(200, 5));
    const controller = new AbortController();
    let headersReceived = false;
    const recrubo = client({ fetch: async (request) => loopbackFetch(request).finally(() => (headersReceived = true)) });
    const call = failure(recrubo.flowRuns.retrieve(ID, undefined, { signal: controller.signal }));
    await until(() => headersReceived, 'the response headers');
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.status).toBe(200);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await failure(client().flowRuns.retrieve(ID, undefined, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.count()).toBe(0);
  });

  it('is honoured by the raw client too', async () => {
    server.script(stall());
    const controller = new AbortController();
    const call = client().raw.GET('/flow-runs/{id}', { params: { path: { id: ID } }, signal: controller.signal });
    await until(() => server.count() === 1, 'the request');
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
  });
});
