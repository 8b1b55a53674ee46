// The API key must never leave the Authorization header: after each kind of failure, the
// error's message, stack, toString(), JSON.stringify, util.inspect (hidden members and the
// whole cause chain included) and every console line are scanned for it, and so is the
// client object itself.
import util from 'node:util';
import retrieved from '../../contracts/examples/flowRuns.retrieve.200.json';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  ContractViolationError,
  InvalidRequestError,
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
import { createFakeClock, until } from '../support/fake-clock';
import { enormousBody, reply, resetBeforeHeaders, stall, startFaultServer, type FaultServer, type Step } from '../support/fault-server';
import { loopbackFetch } from '../support/loopback-fetch';

const KEY = 'rk_live_S3CRET_do_not_leak_7f3a9c';
const PARTNER_KEY = 'pk_live_PARTNER_do_not_leak_1b2c';
// Parts of the key too: a truncated or split key is still a leak.
const FRAGMENTS = [KEY, PARTNER_KEY, KEY.slice(-12), PARTNER_KEY.slice(-12)];

let server: FaultServer;
const logged: string[] = [];

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  logged.length = 0;
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(util.format(...args));
    });
  }
});
afterEach(() => jest.restoreAllMocks());

/** Every way an error can be turned into text, following `cause` all the way down. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const e = current as Error;
    out.push(String(e), String(e.message), String(e.stack));
    out.push(JSON.stringify(e) ?? '');
    out.push(util.inspect(e, { depth: Infinity, showHidden: true, getters: true }));
    out.push(util.format('%o', e));
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return out;
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) {
    for (const fragment of FRAGMENTS) expect(text).not.toContain(fragment);
  }
}

function client(options: Partial<RecruboOptions> = {}): Recrubo {
  return new Recrubo({
    apiKey: KEY,
    partnerKey: PARTNER_KEY,
    baseUrl: `${server.origin}/public/v2`,
    clock: createFakeClock(),
    fetch: loopbackFetch,
    maxRetries: 0,
    ...options,
  });
}

// A debugging proxy that echoes the request headers into its error page.
const echoHeaders: Step = (req, res) => {
  const page = `<html><body><h1>502 Bad Gateway</h1><pre>${Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n')}</pre></body></html>`;
  res.writeHead(502, { 'Content-Type': 'text/html' });
  res.end(page);
};

const DRIFTED = { ...retrieved, data: { ...retrieved.data, attributes: { ...retrieved.data.attributes, status: 'teleported' } } };

type Case = [kind: string, expected: typeof RecruboError, run: () => Promise<unknown>];

const cases: Case[] = [
  ['401', AuthenticationError, async () => (server.script(reply(401, { errors: [{ status: '401', title: 'Unauthorized' }] })), client().flowRuns.retrieve('r1'))],
  ['404', NotFoundError, async () => (server.script(reply(404, { errors: [{ status: '404', title: 'Not Found' }] })), client().flowRuns.retrieve('r1'))],
  ['422', ValidationError, async () => (server.script(reply(422, { errors: [{ title: 'Invalid', source: { pointer: '/data/attributes/flowId' } }] })), client().flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {} }))],
  ['429', RateLimitError, async () => (server.script(reply(429, undefined, { 'Retry-After': '7' })), client().flowRuns.list())],
  ['502 page echoing the request headers', ServerError, async () => (server.script(echoHeaders), client().flowRuns.retrieve('r1'))],
  ['connection reset', ConnectionError, async () => (server.script(resetBeforeHeaders()), client().flowRuns.retrieve('r1'))],
  ['connection refused', ConnectionError, async () => {
    const gone = await startFaultServer();
    await gone.stop();
    return client({ baseUrl: `${gone.origin}/public/v2`, maxRetries: 1 }).flowRuns.retrieve('r1');
  }],
  ['timeout', TimeoutError, async () => {
    server.script(stall());
    const clock = createFakeClock();
    const before = server.count();
    const call = client({ clock, timeoutMs: 50 }).flowRuns.retrieve('r1');
    await until(() => server.count() > before, 'the request');
    clock.advance(50);
    return call;
  }],
  ['abort', AbortError, async () => (server.script(stall()), client().flowRuns.retrieve('r1', undefined, { signal: AbortSignal.timeout(30) }))],
  ['wrong content type', ResponseParseError, async () => (server.script(reply(200, 'not json', { 'Content-Type': 'text/plain' })), client().flowRuns.retrieve('r1'))],
  ['body too large', ResponseTooLargeError, async () => (server.script(enormousBody(200, 1024 * 1024)), client({ maxResponseBytes: 1024 }).flowRuns.list())],
  ['contract violation', ContractViolationError, async () => (server.script(reply(200, DRIFTED)), client({ validateResponses: 'throw' }).flowRuns.retrieve('r1'))],
  ['bad id', InvalidRequestError, async () => client().flowRuns.retrieve('..')],
  ['bad per-call option', InvalidRequestError, async () => client().flowRuns.retrieve('r1', undefined, { timeoutMs: -1 })],
  ['management route without a partner key', ConfigurationError, async () => new Recrubo({ apiKey: KEY, fetch: loopbackFetch }).raw.GET('/management/organizations' as never)],
  ['a key with a newline', ConfigurationError, async () => new Recrubo({ apiKey: `${KEY}\n` })],
  ['a key with non-ASCII characters', ConfigurationError, async () => new Recrubo({ apiKey: `${KEY}é` })],
];

describe.each(cases)('after a %s', (_kind, Expected, run) => {
  it(`raises ${Expected.name} without the key anywhere`, async () => {
    let caught: unknown;
    try {
      await run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Expected);
    expectNoSecret(renderings(caught));
    expectNoSecret(logged);
  });
});

it('keeps the key out of drift warnings (validateResponses: warn)', async () => {
  server.script(reply(200, DRIFTED));
  await client({ validateResponses: 'warn' }).flowRuns.retrieve('r1');
  expect(logged.join('\n')).toContain('/data/attributes/status');
  // Reports name pointers and keywords, never the values of the body.
  expect(logged.join('\n')).not.toContain('teleported');
  expectNoSecret(logged);
});

it('redacts an echoed Authorization header from the error snippet', async () => {
  server.script(echoHeaders);
  const error = (await client()
    .flowRuns.retrieve('r1')
    .catch((e: unknown) => e)) as ServerError;
  expect(error.bodySnippet).toContain('[REDACTED]');
});

it('does not reveal either key through the client object', async () => {
  const recrubo = client({ validateResponses: 'warn' });
  server.script(reply(200, retrieved));
  await recrubo.flowRuns.retrieve('r1');
  const views = [
    util.inspect(recrubo, { depth: Infinity, showHidden: true, getters: true }),
    util.format('%o', recrubo),
    JSON.stringify(recrubo),
    String(recrubo),
    util.inspect(recrubo.raw, { depth: Infinity, showHidden: true }),
    util.inspect(recrubo.flowRuns, { depth: Infinity, showHidden: true }),
  ];
  expectNoSecret(views);
});

it('sends the key only in the Authorization header, never in the URL', async () => {
  server.script(reply(200, retrieved));
  await client().flowRuns.retrieve('r1');
  const last = server.requests[server.requests.length - 1]!;
  expect(last.headers.authorization).toBe(`Bearer ${KEY}`);
  expectNoSecret([last.url]);
});
