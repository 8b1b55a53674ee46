import util from 'node:util';
import nock from 'nock';
import { ConfigurationError, InvalidRequestError, Recrubo } from '../src';

const KEY = 'rk_live_SECRET_4242';
const ORIGIN = 'https://api.recrubo.app';
const RUN = {
  data: {
    id: 'r1',
    type: 'flowRuns',
    attributes: { createdAt: '2024-08-20T10:45:03+00:00', updatedAt: '2024-08-20T10:45:03+00:00', flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {}, status: 'queued', cost: 0 },
    relationships: { flow: { links: { related: '/public/v2/flows/f' } }, messageThread: { links: { related: '/public/v2/message-threads/t' } } },
  },
  meta: {},
};

afterEach(() => nock.cleanAll());

describe('configuration', () => {
  it('requires a key and never echoes a bad one', () => {
    expect(() => new Recrubo({})).toThrow(ConfigurationError);
    expect(() => new Recrubo({ apiKey: '' })).toThrow('apiKey must be a non-empty string');
    try {
      new Recrubo({ apiKey: `${KEY}\n` });
      throw new Error('accepted a key with a newline');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String((error as Error).stack)).not.toContain(KEY);
    }
  });

  it('refuses a base URL with credentials or a non-http scheme', () => {
    expect(() => new Recrubo({ apiKey: KEY, baseUrl: 'https://user:pw@api.recrubo.app/public/v2' })).toThrow(ConfigurationError);
    expect(() => new Recrubo({ apiKey: KEY, baseUrl: 'ftp://api.recrubo.app' })).toThrow('http or https');
    expect(() => new Recrubo({ apiKey: KEY, baseUrl: 'not a url' })).toThrow('not an absolute URL');
  });

  it('does not reveal the key through inspection or serialisation', () => {
    const recrubo = new Recrubo({ apiKey: KEY, partnerKey: `${KEY}_partner` });
    expect(util.inspect(recrubo, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(recrubo)).not.toContain(KEY);
  });
});

describe('requests', () => {
  it('uses the fetch that is current at call time (interceptors set up after the client apply)', async () => {
    const recrubo = new Recrubo({ apiKey: KEY });
    const scope = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${KEY}`, accept: 'application/vnd.api+json' } })
      .get('/public/v2/flow-runs/r1')
      .reply(200, RUN, { 'Content-Type': 'application/vnd.api+json' });
    const run = await recrubo.flowRuns.retrieve('r1');
    expect(scope.isDone()).toBe(true);
    expect(run).toMatchObject({ id: 'r1', type: 'flowRuns', status: 'queued', cost: 0 });
  });

  it('lets the raw openapi-fetch client share the transport and the query serializer', async () => {
    const recrubo = new Recrubo({ apiKey: KEY });
    const scope = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .get('/public/v2/flow-runs')
      .query((q) => q['filter[status]'] === 'finished,timeout' && q['page[size]'] === '10')
      .reply(200, { data: [], meta: { total: 0, totalUnfiltered: 0, currentSize: 10, currentPage: 1, maxPage: 0 } }, { 'Content-Type': 'application/vnd.api+json' });
    const { data, error } = await recrubo.raw.GET('/flow-runs', { params: { query: { filter: { status: ['finished', 'timeout'] }, page: { size: 10 } } } });
    expect(error).toBeUndefined();
    expect(data?.meta.currentSize).toBe(10);
    expect(scope.isDone()).toBe(true);
  });

  it('encodes an id so it stays one path segment', async () => {
    const recrubo = new Recrubo({ apiKey: KEY });
    const scope = nock(ORIGIN).get('/public/v2/flow-runs/a%2F..%2Fb%3Fc%23d').reply(200, RUN, { 'Content-Type': 'application/vnd.api+json' });
    await recrubo.flowRuns.retrieve('a/../b?c#d');
    expect(scope.isDone()).toBe(true);
  });

  it.each(['..', '.', ''])('refuses the id %j before any request', async (id) => {
    const fetch = jest.fn();
    const recrubo = new Recrubo({ apiKey: KEY, fetch });
    await expect(recrubo.flowRuns.retrieve(id)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(recrubo.flowRuns.delete(id)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends no Content-Type without a body, and the JSON:API one with a body', async () => {
    const seen: Array<string | null> = [];
    const recrubo = new Recrubo({
      apiKey: KEY,
      fetch: async (request) => {
        seen.push(request.headers.get('content-type'));
        return new Response(JSON.stringify(RUN), { status: request.method === 'POST' ? 201 : 200, headers: { 'Content-Type': 'application/vnd.api+json' } });
      },
    });
    await recrubo.flowRuns.retrieve('r1');
    await recrubo.flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {} });
    expect(seen).toEqual([null, 'application/vnd.api+json']);
  });

  it('asks for the partner key on management routes, before any request', async () => {
    const fetch = jest.fn();
    const recrubo = new Recrubo({ apiKey: KEY, fetch });
    const call = recrubo.raw.GET('/management/organizations' as never);
    await expect(call).rejects.toThrow('create the client with a partnerKey');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('flowRuns.waitFor', () => {
  it('polls retrieve until a terminal status and returns the run', async () => {
    const statuses = ['queued', 'running', 'running', 'finished'];
    const seen: string[] = [];
    const recrubo = new Recrubo({
      apiKey: KEY,
      fetch: async (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        const status = statuses.shift() ?? 'finished';
        const body = { ...RUN, data: { ...RUN.data, attributes: { ...RUN.data.attributes, status } } };
        return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/vnd.api+json' } });
      },
    });
    let now = 0;
    const sleeps: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => { sleeps.push(ms); now += ms; } };
    const run = await recrubo.flowRuns.waitFor('r1', { clock, pollIntervalMs: 100, maxPollIntervalMs: 250 });
    expect(run.status).toBe('finished');
    expect(seen).toEqual(Array(4).fill('GET /public/v2/flow-runs/r1'));
    expect(sleeps).toEqual([100, 200, 250]);
  });
});
