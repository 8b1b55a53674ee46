// What the mock refuses and how the SDK reports it: keys (401), unknown ids (404), bodies
// against the spec (422 with pointers), media types (415, 406), query parameters (400 with
// `source.parameter`), and injected faults that the SDK's retries absorb (or report).
import { AuthenticationError, ConfigurationError, NotFoundError, RateLimitError, ServerError, ValidationError, type Recrubo } from '../../src/index';
import { createManualClock } from '../../src/mock/index';
import { createFakeClock } from '../support/fake-clock';
import { loopbackFetch } from '../support/loopback-fetch';
import { API_KEY, expectConformance, rawRequest, startHarness, type Harness } from './harness';

let h: Harness;
let run: { id: string };
let expectedRejections = 0;
beforeAll(async () => {
  h = await startHarness({ clock: createManualClock() });
  run = (await h.recrubo.flowRuns.list({ page: { size: 1 } })).data[0] as { id: string };
});
afterAll(async () => {
  await h.close();
});

const JSON_API = 'application/vnd.api+json';
const auth = { authorization: `Bearer ${API_KEY}` };

describe('keys', () => {
  it('no key, a wrong key, or the wrong kind of key: 401 → AuthenticationError', async () => {
    const none = await rawRequest(h.mock, 'GET', '/flow-runs');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body).toMatchObject({ errors: [{ status: 401, code: 'unauthorized', source: { header: 'Authorization' } }] });

    const wrong = h.client({ apiKey: 'not-the-key' });
    await expect(wrong.flowRuns.retrieve(run.id)).rejects.toBeInstanceOf(AuthenticationError);
    // The organization key on a management route, and the partner key elsewhere.
    const orgKeyAsPartner = h.client({ apiKey: API_KEY, partnerKey: API_KEY });
    await expect(orgKeyAsPartner.management.organizations.list()).rejects.toMatchObject({ status: 401, detail: expect.stringContaining('partner key') });
    const partnerOnly = h.client({ apiKey: undefined, partnerKey: 'partner_integration_key' });
    // A route the client has no key for fails before any request.
    await expect(partnerOnly.flowRuns.list()).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('not found', () => {
  it('an unknown id: 404 → NotFoundError, for retrieve, update and delete', async () => {
    await expect(h.recrubo.flowRuns.retrieve('no-such-run')).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.recrubo.candidates.update('no-such-candidate', { firstName: 'X' })).rejects.toMatchObject({ name: 'NotFoundError', status: 404, title: 'Not Found' });
    await expect(h.recrubo.nodes.delete('no-such-node')).rejects.toBeInstanceOf(NotFoundError);
    const route = await rawRequest(h.mock, 'GET', '/no-such-route', { headers: auth });
    expect(route.status).toBe(404);
  });
});

describe('request bodies against the spec', () => {
  it('a read-only attribute, a wrong enum value, a missing attribute: 422 → ValidationError with pointers', async () => {
    const threadId = (await h.recrubo.messageThreads.list({ page: { size: 1 } })).data[0]?.id as string;
    const flowId = (await h.recrubo.flows.list({ page: { size: 1 } })).data[0]?.id as string;
    const readOnly = h.recrubo.flowRuns.create({ flowId, messageThreadId: threadId, state: {}, initialMessage: {}, cost: 3 } as never);
    await expect(readOnly).rejects.toBeInstanceOf(ValidationError);
    await readOnly.catch((error: ValidationError) => {
      expect(error.pointers).toEqual(['/data/attributes/cost']);
      expect(error.detail).toBe('`cost` is read-only: the server sets it.');
    });
    const badStatus = await h.recrubo.flowRuns.update(run.id, { status: 'paused' } as never).catch((e: ValidationError) => e);
    expect(badStatus).toBeInstanceOf(ValidationError);
    expect((badStatus as ValidationError).pointers).toEqual(['/data/attributes/status']);
    const missing = await h.recrubo.messageThreads.create({ channel: 'whatsapp' } as never).catch((e: ValidationError) => e);
    expect((missing as ValidationError).pointers).toEqual(['/data/attributes/identifier']);
    const unknownFlow = await h.recrubo.flowRuns.create({ flowId: '00000000-0000-4000-8000-000000000000', messageThreadId: threadId, state: {}, initialMessage: {} }).catch((e: ValidationError) => e);
    expect((unknownFlow as ValidationError).pointers).toEqual(['/data/attributes/flowId']);
    // Documented server-side rules: an `ask` action needs a variable, `state` waits until the run stops.
    const nodeId = (await h.recrubo.nodes.list({ page: { size: 1 } })).data[0]?.id as string;
    const ask = await h.recrubo.nodeActions.create({ actionType: 'ask', subType: 'text', value: { text: 'Name?' }, index: 0, node: nodeId }).catch((e: ValidationError) => e);
    expect((ask as ValidationError).pointers).toEqual(['/data/attributes/variableName']);
    expectedRejections += 5;
  });

  it('an id in the body that is not the one in the URL: 409', async () => {
    const response = await rawRequest(h.mock, 'PATCH', `/flow-runs/${run.id}`, {
      headers: { ...auth, 'content-type': JSON_API },
      body: JSON.stringify({ data: { type: 'flowRuns', id: 'another-id', attributes: { status: 'cancelled' } } }),
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ errors: [{ status: 409, code: 'conflict', source: { pointer: '/data/id' } }] });
  });

  it('a body that is not JSON: 400', async () => {
    const response = await rawRequest(h.mock, 'POST', '/flow-runs', { headers: { ...auth, 'content-type': JSON_API }, body: '{"data":' });
    expect(response.status).toBe(400);
    expectedRejections += 1;
  });
});

describe('media types', () => {
  const body = JSON.stringify({ data: { type: 'messageThreads', attributes: { channel: 'whatsapp', identifier: '31600000000' } } });

  it('a body without the JSON:API media type: 415', async () => {
    for (const contentType of ['application/json', `${JSON_API}; charset=utf-8`, undefined]) {
      const headers: Record<string, string> = { ...auth };
      if (contentType !== undefined) headers['content-type'] = contentType;
      const response = await rawRequest(h.mock, 'POST', '/message-threads', { headers, body });
      expect({ contentType, status: response.status }).toEqual({ contentType, status: 415 });
      expect(response.body).toMatchObject({ errors: [{ code: 'unsupported_media_type', source: { header: 'Content-Type' } }] });
    }
    expectedRejections += 3;
  });

  it('an Accept header that rules JSON:API out: 406; absent or a wildcard: fine', async () => {
    expect((await rawRequest(h.mock, 'GET', '/flows', { headers: { ...auth, accept: 'application/json' } })).status).toBe(406);
    expect((await rawRequest(h.mock, 'GET', '/flows', { headers: { ...auth, accept: 'text/html, */*;q=0.8' } })).status).toBe(200);
    expect((await rawRequest(h.mock, 'GET', '/flows', { headers: auth })).status).toBe(200);
    expectedRejections += 1;
  });
});

describe('query parameters against the spec: 400 with source.parameter', () => {
  it('an unknown filter, sort key or include, a page size over 200', async () => {
    const refused = async (call: Promise<unknown>): Promise<string[]> => {
      const error = (await call.catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.status).toBe(400);
      return error.errors.map((e) => e.source?.parameter ?? '');
    };
    expect(await refused(h.recrubo.flowRuns.list({ filter: { nickname: 'x' } } as never))).toEqual(['filter[nickname]']);
    expect(await refused(h.recrubo.flowRuns.list({ sort: '-nickname' } as never))).toEqual(['sort']);
    expect(await refused(h.recrubo.flowRuns.retrieve(run.id, { include: ['candidate'] } as never))).toEqual(['include']);
    const tooLarge = await rawRequest(h.mock, 'GET', '/flow-runs?page[size]=500', { headers: auth });
    expect(tooLarge.body).toMatchObject({ errors: [{ status: 400, source: { parameter: 'page[size]' } }] });
    const unknown = await rawRequest(h.mock, 'GET', '/flow-runs?colour=red', { headers: auth });
    expect(unknown.body).toMatchObject({ errors: [{ status: 400, source: { parameter: 'colour' } }] });
    expectedRejections += 5;
  });
});

describe('faults the SDK retries', () => {
  let retrying: Recrubo;
  let clock: ReturnType<typeof createFakeClock>;
  beforeEach(() => {
    clock = createFakeClock();
    retrying = new (h.recrubo.constructor as typeof Recrubo)({ apiKey: API_KEY, baseUrl: h.mock.url, fetch: loopbackFetch, clock, maxRetries: 2 });
  });

  it('503, 503, then the answer: a GET succeeds after two retries (header script)', async () => {
    const before = h.mock.requests.length;
    const { data, response } = await retrying.raw.GET('/flow-runs/{id}', { params: { path: { id: run.id } }, headers: { 'X-Mock-Fault': '503,503' } });
    expect(response.status).toBe(200);
    expect(data?.data.id).toBe(run.id);
    expect(h.mock.requests.slice(before).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(clock.sleeps).toHaveLength(2); // backoff, on the SDK's clock: no real waiting
  });

  it('429 with Retry-After on a POST: retried, as the server said it did not act (option rule)', async () => {
    h.mock.faults.add({ operationId: 'createMessageThread', script: '429:2' });
    const before = h.mock.requests.length;
    const thread = await retrying.messageThreads.create({ channel: 'whatsapp', identifier: '31611111111' });
    expect(thread.identifier).toBe('31611111111');
    expect(h.mock.requests.slice(before).map((r) => r.status)).toEqual([429, 201]);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('503 without Retry-After on a POST is not retried; persistent 429s end in RateLimitError', async () => {
    h.mock.faults.add({ method: 'POST', path: '/message-threads', script: '503' });
    await expect(retrying.messageThreads.create({ channel: 'whatsapp', identifier: '31622222222' })).rejects.toBeInstanceOf(ServerError);
    h.mock.faults.add({ operationId: 'listFlows', script: ['429:1', '429:1', '429:1'] });
    const error = (await retrying.flows.list().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.attempts).toBe(3);
    expect(error.retryAfterMs).toBe(1000);
    expect(h.mock.faults.pending()).toBe(0);
  });

  it('latency and a reset connection', async () => {
    const started = Date.now();
    const { response } = await retrying.raw.GET('/flows', { headers: { 'X-Mock-Fault': 'delay:50' } });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const { response: afterReset } = await retrying.raw.GET('/flows', { headers: { 'X-Mock-Fault': 'reset' } });
    expect(afterReset.status).toBe(200); // a GET is retried after the connection drops
  });
});

it('refused only what the tests above provoked; every response within the spec', () => {
  expectConformance(h, expectedRejections);
});
