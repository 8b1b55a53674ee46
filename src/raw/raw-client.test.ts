// `recrubo.raw` is openapi-fetch's client created on first use: every call reaches it, and
// middleware added before it exists is replayed in order, whether openapi-fetch arrives at
// once (CommonJS require) or later (the ESM build's import()).
import type { Middleware } from 'openapi-fetch';
import * as loader from './openapi-fetch-loader';
import { createRawClient } from './raw-client';

const BASE = 'https://api.example.test/public/v2';
const ok = (request: Request) => new Response(JSON.stringify({ method: request.method, url: request.url }), { status: 200, headers: { 'Content-Type': 'application/json' } });

afterEach(() => jest.restoreAllMocks());

function tagging(tag: string, log: string[]): Middleware {
  return {
    onRequest({ request }) {
      log.push(tag);
      request.headers.append('x-tags', tag);
      return request;
    },
  };
}

// TRACE too is delegated, but fetch itself refuses the method (a forbidden one), so it is not sent here.
it.each(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'PATCH'] as const)('sends %s through openapi-fetch with the given fetch', async (method) => {
  const seen: Request[] = [];
  const raw = createRawClient({ baseUrl: BASE, fetch: async (request: Request) => (seen.push(request), ok(request)) });
  const call = raw[method] as (path: string, init?: object) => Promise<{ data?: unknown }>;
  const { data } = await call('/flow-runs/{id}', { params: { path: { id: 'r1' } }, ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: {} } : {}) });
  expect(data).toEqual({ method, url: `${BASE}/flow-runs/r1` });
  expect(seen.map((r) => r.method)).toEqual([method]);
});

it('has request() and HEAD, as openapi-fetch does', async () => {
  const raw = createRawClient({ baseUrl: BASE, fetch: async (request: Request) => ok(request) });
  const viaRequest = await (raw.request as (m: string, p: string) => Promise<{ data?: unknown }>)('get', '/flows');
  expect(viaRequest.data).toEqual({ method: 'GET', url: `${BASE}/flows` });
  expect((await (raw.HEAD as (p: string) => Promise<{ response: Response }>)('/flows')).response.status).toBe(200);
});

it('loads openapi-fetch only on first use', async () => {
  const load = jest.spyOn(loader, 'loadOpenapiFetch');
  const raw = createRawClient({ baseUrl: BASE, fetch: async (request: Request) => ok(request) });
  expect(load).not.toHaveBeenCalled();
  await (raw.GET as (p: string) => Promise<unknown>)('/flows');
  await (raw.GET as (p: string) => Promise<unknown>)('/flows');
  expect(load).toHaveBeenCalledTimes(1);
});

describe.each([
  ['at once (CommonJS)', false],
  ['later (ESM import())', true],
])('openapi-fetch arriving %s', (_name, asynchronous) => {
  beforeEach(() => {
    if (!asynchronous) return;
    const real = loader.loadOpenapiFetch();
    jest.spyOn(loader, 'loadOpenapiFetch').mockImplementation(() => new Promise((resolve) => setTimeout(() => resolve(real as loader.CreateClient), 5)));
  });

  it('replays use and eject made before the client existed, in order, and applies later ones directly', async () => {
    const log: string[] = [];
    const seen: Request[] = [];
    const raw = createRawClient({ baseUrl: BASE, fetch: async (request: Request) => (seen.push(request), ok(request)) });
    const a = tagging('a', log);
    const b = tagging('b', log);
    const c = tagging('c', log);
    raw.use(a, b);
    raw.eject(a);
    raw.use(c);
    await (raw.GET as (p: string) => Promise<unknown>)('/flows');
    expect(log).toEqual(['b', 'c']);
    expect(seen[0]!.headers.get('x-tags')).toBe('b, c');

    raw.eject(b);
    await (raw.GET as (p: string) => Promise<unknown>)('/flows');
    expect(log).toEqual(['b', 'c', 'c']);
  });

  it('refuses a malformed middleware when it is added, as openapi-fetch does', () => {
    const raw = createRawClient({ baseUrl: BASE });
    expect(() => raw.use({} as Middleware)).toThrow(/Middleware must be an object/);
  });
});

it('rejects its calls when openapi-fetch cannot be loaded, without an unhandled rejection from use()', async () => {
  jest.spyOn(loader, 'loadOpenapiFetch').mockImplementation(() => Promise.reject(new Error('chunk failed to load')));
  const raw = createRawClient({ baseUrl: BASE });
  raw.use({ onRequest: ({ request }) => request });
  await expect((raw.GET as (p: string) => Promise<unknown>)('/flows')).rejects.toThrow('chunk failed to load');
});
