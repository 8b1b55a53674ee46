// The transport on its own, over an injected fetch: headers, the buffered body re-sent per
// attempt, option checks, and native errors (from another realm) wrapped with their cause.
import vm from 'node:vm';
import { AbortError, ConfigurationError, ConnectionError, InvalidRequestError, RecruboError, TimeoutError } from '../../src/errors';
import { TAKES_URL_AND_INIT } from '../../src/transport/fetch-protocol';
import { createTransport, type FetchLike, type TransportConfig } from '../../src/transport/transport';
import { createFakeClock } from '../support/fake-clock';

const URL_BASE = 'https://api.example.test/public/v2';

function transport(fetch: FetchLike, overrides: Partial<TransportConfig> = {}) {
  return createTransport({ credentials: { organization: 'org_key', partner: 'partner_key' }, fetch, timeoutMs: 60_000, maxRetries: 2, clock: createFakeClock(), ...overrides });
}

const ok = (): Response => new Response('{"data":null}', { status: 200, headers: { 'Content-Type': 'application/vnd.api+json' } });

it('sends JSON:API headers and the organization key, or the partner key on management routes', async () => {
  const seen: Request[] = [];
  const t = transport(async (request) => (seen.push(request), ok()));
  await t.fetch(new Request(`${URL_BASE}/flow-runs`));
  await t.fetch(new Request(`${URL_BASE}/management/organizations`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }));
  expect(seen.map((r) => [r.headers.get('authorization'), r.headers.get('accept'), r.headers.get('content-type')])).toEqual([
    ['Bearer org_key', 'application/vnd.api+json', null],
    ['Bearer partner_key', 'application/vnd.api+json', 'application/vnd.api+json'],
  ]);
});

it('buffers the body once and sends a fresh Request with the same bytes on every attempt', async () => {
  const seen: Request[] = [];
  const bodies: string[] = [];
  const t = transport(async (request) => {
    seen.push(request);
    bodies.push(await request.text());
    return seen.length < 3 ? new Response(null, { status: 503, headers: { 'Retry-After': '0' } }) : ok();
  });
  const body = JSON.stringify({ data: { type: 'flowRuns', attributes: { note: 'ü'.repeat(1000) } } });
  const response = await t.fetch(new Request(`${URL_BASE}/flow-runs`, { method: 'POST', body }));
  expect(response.status).toBe(200);
  expect(bodies).toEqual([body, body, body]);
  expect(new Set(seen).size).toBe(3);
});

it('returns the last retryable response once the retries are spent (so raw callers see it)', async () => {
  let calls = 0;
  const t = transport(async () => (calls++, new Response('busy', { status: 503 })), { maxRetries: 1 });
  const response = await t.fetch(new Request(`${URL_BASE}/flow-runs`));
  expect(response.status).toBe(503);
  expect(await response.text()).toBe('busy');
  expect(calls).toBe(2);
});

it('wraps a native error from another realm as ConnectionError with the cause kept', async () => {
  const foreign = vm.runInNewContext('const e = new TypeError("fetch failed"); e.cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }); e');
  expect(foreign instanceof Error).toBe(false);
  const t = transport(async () => {
    throw foreign;
  }, { maxRetries: 0 });
  const error = (await t.fetch(new Request(`${URL_BASE}/flow-runs`)).catch((e: unknown) => e)) as ConnectionError;
  expect(error).toBeInstanceOf(ConnectionError);
  expect(error.cause).toBe(foreign);
  expect(error.message).toContain('read ECONNRESET');
  expect(error).toMatchObject({ method: 'GET', url: `${URL_BASE}/flow-runs`, attempts: 1 });
});

it('passes a RecruboError thrown by a custom fetch through unchanged, without retrying', async () => {
  const mine = new ConnectionError('custom');
  let calls = 0;
  const t = transport(async () => {
    calls++;
    throw mine;
  });
  await expect(t.fetch(new Request(`${URL_BASE}/flow-runs`))).rejects.toBe(mine);
  expect(calls).toBe(1);
});

it('enforces the deadline and the abort on the body even when a custom fetch ignores the signal', async () => {
  const endless = (): Response => new Response(new ReadableStream({ pull: () => new Promise(() => undefined) }), { status: 200 });
  const clock = createFakeClock();
  const timed = transport(async () => endless(), { timeoutMs: 30, clock });
  const response = await timed.fetch(new Request(`${URL_BASE}/flow-runs`));
  const reading = response.text();
  clock.advance(30);
  await expect(reading).rejects.toBeInstanceOf(TimeoutError);

  const controller = new AbortController();
  const aborted = transport(async () => endless());
  const second = await aborted.fetch(new Request(`${URL_BASE}/flow-runs`, { signal: controller.signal }));
  const secondReading = second.text();
  controller.abort();
  await expect(secondReading).rejects.toBeInstanceOf(AbortError);
});

it('keeps the URL on the response it hands on', async () => {
  const t = transport(async (request) => {
    const response = ok();
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  });
  const response = await t.fetch(new Request(`${URL_BASE}/flow-runs?page[size]=1`));
  expect(response.url).toBe(`${URL_BASE}/flow-runs?page[size]=1`);
});

describe('call(): the resource methods\' way in', () => {
  const route = { method: 'post', path: '/flow-runs' };
  const request = { url: `${URL_BASE}/flow-runs?sync=true`, body: '{"data":{"type":"flowRuns"}}' };
  const created = (): Response => new Response('{"data":{"id":"1","type":"flowRuns"}}', { status: 201, headers: { 'Content-Type': 'application/vnd.api+json' } });

  it('hands a custom fetch a Request with the headers and body, and returns the parsed document', async () => {
    const seen: Request[] = [];
    const t = transport(async (r) => (seen.push(r), created()));
    await expect(t.call(route, request, undefined)).resolves.toEqual({ data: { id: '1', type: 'flowRuns' } });
    expect(seen).toHaveLength(1);
    expect([seen[0]!.method, seen[0]!.url, await seen[0]!.text()]).toEqual(['POST', request.url, request.body]);
    expect([seen[0]!.headers.get('authorization'), seen[0]!.headers.get('content-type')]).toEqual(['Bearer org_key', 'application/vnd.api+json']);
  });

  it('calls a fetch marked TAKES_URL_AND_INIT, and the global fetch, with the URL and a plain init', async () => {
    const calls: unknown[][] = [];
    const marked = Object.assign(async (...args: unknown[]) => (calls.push(args), created()), { [TAKES_URL_AND_INIT]: true });
    await transport(marked as unknown as FetchLike).call(route, request, undefined);
    const original = globalThis.fetch;
    globalThis.fetch = (async (...args: unknown[]) => (calls.push(args), created())) as typeof fetch;
    try {
      await createTransport({ credentials: { organization: 'org_key' }, timeoutMs: 1000, maxRetries: 0 }).call(route, request, undefined);
    } finally {
      globalThis.fetch = original;
    }
    for (const [input, init] of calls as [unknown, RequestInit][]) {
      expect(input).toBe(request.url);
      expect(init).toMatchObject({ method: 'POST', body: request.body, headers: { accept: 'application/vnd.api+json', 'content-type': 'application/vnd.api+json', authorization: 'Bearer org_key' } });
      expect(init.signal?.aborted).toBe(false);
    }
    expect(calls).toHaveLength(2);
  });

  it('picks the partner key by the spec path, and refuses a call whose key is missing before sending', async () => {
    const fetch = jest.fn(async (r: Request) => (expect(r.headers.get('authorization')).toBe('Bearer p'), created()));
    const partnerOnly = createTransport({ credentials: { partner: 'p' }, fetch, timeoutMs: 1000, maxRetries: 0 });
    await partnerOnly.call({ method: 'POST', path: '/management/organizations' }, { url: `${URL_BASE}/management/organizations`, body: '{}' }, undefined);
    await expect(partnerOnly.call(route, request, undefined)).rejects.toBeInstanceOf(ConfigurationError);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('option checks', () => {
  it.each([
    [{ timeoutMs: 0 }],
    [{ timeoutMs: 2 ** 31 }],
    [{ timeoutMs: Number.NaN }],
    [{ maxRetries: -1 }],
    [{ maxRetries: 1.5 }],
    [{ maxResponseBytes: 0 }],
  ])('refuses client option %p with ConfigurationError', (options) => {
    expect(() => transport(async () => ok(), options as Partial<TransportConfig>)).toThrow(ConfigurationError);
  });

  it.each([[{ timeoutMs: -5 }], [{ maxRetries: Infinity }], [{ timeoutMs: '100' }]])('refuses per-call option %p with InvalidRequestError, before any request', async (options) => {
    const fetch = jest.fn(async () => ok());
    await expect(transport(fetch).call({ method: 'GET', path: '/flow-runs' }, { url: `${URL_BASE}/flow-runs` }, options as never)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each(['key with space', 'kéy', 'key\u0000'])('refuses the key %j without echoing it', (key) => {
    try {
      createTransport({ credentials: { organization: key }, fetch: async () => ok(), timeoutMs: 1000, maxRetries: 0 });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String((error as Error).message)).not.toContain(key);
    }
  });
});

it('is recognised across realms and copies by RecruboError.isRecruboError', () => {
  const error = new TimeoutError('t');
  expect(RecruboError.isRecruboError(error)).toBe(true);
  expect(RecruboError.isRecruboError(vm.runInNewContext('new Error("x")'))).toBe(false);
  expect(error.toJSON()).toMatchObject({ name: 'TimeoutError', attempts: undefined });
});
