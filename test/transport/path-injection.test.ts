// An id is user input. Whatever it holds, it can only ever address its own resource: the
// raw request line the server receives (`req.url`, before any decoding) must be exactly
// `/public/v2/flow-runs/<one segment>`, or the SDK must refuse the id before any request.
import fc from 'fast-check';
import retrieved from '../../contracts/examples/flowRuns.retrieve.200.json';
import { InvalidRequestError, Recrubo } from '../../src';
import { reply, startFaultServer, type FaultServer } from '../support/fault-server';
import { loopbackFetch } from '../support/loopback-fetch';

let server: FaultServer;
let recrubo: Recrubo;

beforeAll(async () => {
  server = await startFaultServer();
  server.fallback = reply(200, retrieved);
  recrubo = new Recrubo({ apiKey: 'rk_test_path', partnerKey: 'pk_test_path', baseUrl: `${server.origin}/public/v2`, fetch: loopbackFetch, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

const ITEM = /^\/public\/v2\/flow-runs\/([^/?#]+)$/;

/** Sends `id` through every method that takes one; returns the raw request lines the server saw. */
async function requestLinesFor(id: string): Promise<string[]> {
  const before = server.requests.length;
  await recrubo.flowRuns.retrieve(id);
  await recrubo.flowRuns.update(id, { status: 'cancelled' });
  server.script(reply(204));
  await recrubo.flowRuns.delete(id);
  await recrubo.raw.GET('/flow-runs/{id}', { params: { path: { id } } });
  return server.requests.slice(before).map((r) => r.url);
}

function expectOwnRoute(lines: string[], id: string): void {
  expect(lines).toHaveLength(4);
  for (const line of lines) {
    const match = ITEM.exec(line);
    expect(match).not.toBeNull();
    // One segment, and it decodes back to exactly the id that was given.
    expect(decodeURIComponent(match![1]!)).toBe(id);
  }
}

describe.each([
  'x/../../management/organizations',
  '../../management/organizations',
  'a?b#c',
  'a#b',
  '?include=flow',
  'a/b',
  '%2e%2e',
  '%2E%2E%2Fmanagement',
  '.%2e',
  '..%2f..%2fmanagement',
  '...',
  '\\..\\..\\management',
  'a;b=c',
  ' ',
  'id with spaces',
  'ü-ñ-🙂',
  'a\r\nX-Injected: 1',
  '\u0000',
])('the id %j', (id) => {
  it('reaches only its own route', async () => {
    expectOwnRoute(await requestLinesFor(id), id);
  });
});

describe.each(['..', '.', '', '\uD800'])('the id %j', (id) => {
  it('is refused with InvalidRequestError before any request', async () => {
    const before = server.requests.length;
    await expect(recrubo.flowRuns.retrieve(id)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(recrubo.flowRuns.update(id, { status: 'cancelled' })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(recrubo.flowRuns.delete(id)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(recrubo.raw.GET('/flow-runs/{id}', { params: { path: { id } } })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.requests.length).toBe(before);
  });
});

it.each([undefined, null, {}, ['a']])('refuses a non-string id (%p) before any request', async (id) => {
  const before = server.requests.length;
  await expect(recrubo.flowRuns.retrieve(id as never)).rejects.toBeInstanceOf(InvalidRequestError);
  expect(server.requests.length).toBe(before);
});

it('never lets any string id reach another route (property, over real HTTP)', async () => {
  const pieces = fc.constantFrom('.', '..', '/', '\\', '?', '#', '%', '%2e', '%2f', '%2F', '&', '=', ';', ' ', 'management', 'organizations', 'a');
  const hostileId = fc.oneof(fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ maxLength: 12 }));
  await fc.assert(
    fc.asyncProperty(hostileId, async (id) => {
      const before = server.requests.length;
      let refused = false;
      try {
        await recrubo.flowRuns.retrieve(id);
      } catch (error) {
        if (!(error instanceof InvalidRequestError)) throw error;
        refused = true;
      }
      const lines = server.requests.slice(before).map((r) => r.url);
      if (refused) {
        expect(lines).toEqual([]);
        return;
      }
      expect(lines).toHaveLength(1);
      expect(decodeURIComponent(ITEM.exec(lines[0]!)![1]!)).toBe(id);
    }),
    { numRuns: 150 },
  );
});
