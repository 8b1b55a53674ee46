// createNodeFetch against a real server on 127.0.0.1: as fetch, and under the SDK's transport
// (errors, retries, deadlines, size cap), which must behave as they do over native fetch.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { AbortError, ConnectionError, NotFoundError, Recrubo, ResponseTooLargeError, TimeoutError } from '../index';
import { TAKE_COMPLETE_BODY, type CompleteBody } from '../transport/fetch-protocol';
import { createNodeFetch, type NodeFetch } from './fetch';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const RUN = {
  id: '7460b017-59e7-439a-a1a0-b9e95b301b1c',
  type: 'flowRuns',
  attributes: { createdAt: '2024-08-20T10:45:03+00:00', updatedAt: '2024-08-20T10:45:03+00:00', flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {}, status: 'finished', cost: 29 },
};
const JSON_API = { 'Content-Type': 'application/vnd.api+json' };

let server: http.Server;
let baseUrl: string;
let seen: Seen[];
let handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
let nodeFetch: NodeFetch;

// nock (test/setup-network.ts) replaces http.request, http.get and http.ClientRequest; its
// replacement lets requests to 127.0.0.1 through, but never on a reused socket. And jest shares
// the http module between the test files of a worker, so the replacements of files that ran
// before stay in place and fail once their file is done. These tests talk to 127.0.0.1 only:
// they put Node's own functions back while they run (from _http_client, which nock leaves alone).
type Patched = Pick<typeof http, 'request' | 'get' | 'ClientRequest'>;
let patched: Patched;

function unpatchHttp(): void {
  const mutable = http as unknown as Patched;
  patched = { request: mutable.request, get: mutable.get, ClientRequest: mutable.ClientRequest };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ClientRequest } = require('_http_client') as { ClientRequest: typeof http.ClientRequest };
  const request = ((...args: ConstructorParameters<typeof http.ClientRequest>) => new ClientRequest(...args)) as unknown as typeof http.request;
  Object.assign(mutable, {
    ClientRequest,
    request,
    get: ((...args: Parameters<typeof http.get>) => {
      const outgoing = (request as (...a: unknown[]) => http.ClientRequest)(...args);
      outgoing.end();
      return outgoing;
    }) as typeof http.get,
  });
}

beforeAll(async () => {
  unpatchHttp();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  Object.assign(http, patched);
});

beforeEach(() => {
  seen = [];
  nodeFetch = createNodeFetch();
  handle = (_req, res) => res.writeHead(200, JSON_API).end(JSON.stringify({ data: RUN, meta: {} }));
});

afterEach(() => nodeFetch.close());

const client = (options: Partial<ConstructorParameters<typeof Recrubo>[0]> = {}) =>
  new Recrubo({ apiKey: 'rk_node_fetch', baseUrl: `${baseUrl}/public/v2`, fetch: nodeFetch, ...options });

describe('createNodeFetch as fetch', () => {
  it('sends the method, headers and body, and answers with a Response', async () => {
    handle = (_req, res, body) => res.writeHead(201, { 'Content-Type': 'text/plain', 'X-Echo': 'yes' }).end(`got ${body}`);
    const response = await nodeFetch(`${baseUrl}/echo`, { method: 'PUT', headers: { 'X-Custom': 'a' }, body: 'hello' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(response.url).toBe(`${baseUrl}/echo`);
    expect(await response.text()).toBe('got hello');
    expect(seen[0]).toMatchObject({ method: 'PUT', url: '/echo', body: 'hello' });
    expect(seen[0]!.headers).toMatchObject({ 'x-custom': 'a', 'content-length': '5' });
  });

  it('reuses the connection between requests (keep-alive)', async () => {
    const sockets = new Set<unknown>();
    handle = (req, res) => {
      sockets.add(req.socket);
      res.writeHead(200).end('ok');
    };
    for (let i = 0; i < 3; i++) await (await nodeFetch(`${baseUrl}/x`)).text();
    expect(sockets.size).toBe(1);
  });

  it('decompresses a gzip body', async () => {
    handle = (_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('{"compressed":true}'));
    expect(await (await nodeFetch(`${baseUrl}/gz`)).json()).toEqual({ compressed: true });
    expect(seen[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('answers a small body with a Response over its bytes, with or without a Content-Length, and streams the rest', async () => {
    const small = JSON.stringify({ data: RUN });
    const large = 'x'.repeat(300 * 1024);
    handle = (req, res) => {
      if (req.url === '/sized') res.writeHead(200, { 'Content-Length': Buffer.byteLength(small) }).end(small);
      // writeHead then end: chunked, no Content-Length.
      else if (req.url === '/chunked') res.writeHead(200).end(small);
      else if (req.url === '/large') res.writeHead(200).end(large);
      else {
        res.writeHead(200).write('{"data":');
        setTimeout(() => res.end('null}'), 30);
      }
    };
    const buffered = (response: Response) => typeof (response as Partial<CompleteBody>)[TAKE_COMPLETE_BODY] === 'function';
    for (const path of ['/sized', '/chunked']) {
      const response = await nodeFetch(`${baseUrl}${path}`);
      expect([path, buffered(response)]).toEqual([path, true]);
      expect(await response.text()).toBe(small);
    }
    // Past 256 kB, or still arriving on the next turn of the event loop: a stream, nothing lost.
    const largeResponse = await nodeFetch(`${baseUrl}/large`);
    expect(buffered(largeResponse)).toBe(false);
    expect(await largeResponse.text()).toBe(large);
    const slow = await nodeFetch(`${baseUrl}/slow`);
    expect(buffered(slow)).toBe(false);
    expect(await slow.text()).toBe('{"data":null}');
  });

  it('gives a null body for 204 and HEAD', async () => {
    handle = (req, res) => res.writeHead(req.method === 'HEAD' ? 200 : 204).end();
    expect((await nodeFetch(`${baseUrl}/none`, { method: 'DELETE' })).body).toBeNull();
    expect((await nodeFetch(`${baseUrl}/none`, { method: 'HEAD' })).body).toBeNull();
  });

  it('rejects like fetch: TypeError "fetch failed" with the system error as cause', async () => {
    const error = (await nodeFetch('http://127.0.0.1:1/').catch((e: unknown) => e)) as TypeError & { cause: { code: string } };
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause.code).toBe('ECONNREFUSED');
  });

  it('rejects with the signal reason when aborted, also while the body streams', async () => {
    const early = new AbortController();
    early.abort();
    await expect(nodeFetch(`${baseUrl}/x`, { signal: early.signal })).rejects.toMatchObject({ name: 'AbortError' });

    handle = (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    };
    const late = new AbortController();
    const response = await nodeFetch(`${baseUrl}/slow`, { signal: late.signal });
    const reading = response.text();
    late.abort();
    await expect(reading).rejects.toThrow();
  });
});

describe('createNodeFetch under the SDK', () => {
  it('retrieves and deserializes, with the SDK headers', async () => {
    const run = await client().flowRuns.retrieve(RUN.id);
    expect(run).toMatchObject({ id: RUN.id, status: 'finished', cost: 29 });
    expect(seen[0]!.headers).toMatchObject({ accept: 'application/vnd.api+json', authorization: 'Bearer rk_node_fetch' });
  });

  it('sends create bodies as JSON:API documents', async () => {
    handle = (_req, res) => res.writeHead(201, JSON_API).end(JSON.stringify({ data: RUN, meta: {} }));
    await client().flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {} });
    expect(seen[0]!.headers['content-type']).toBe('application/vnd.api+json');
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ data: { type: 'flowRuns', attributes: { flowId: 'f' } } });
  });

  it('maps HTTP and network failures to the SDK errors', async () => {
    handle = (_req, res) => res.writeHead(404, JSON_API).end(JSON.stringify({ errors: [{ status: '404', title: 'Not Found' }] }));
    await expect(client().flowRuns.retrieve('missing')).rejects.toBeInstanceOf(NotFoundError);
    const refused = new Recrubo({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1/public/v2', fetch: nodeFetch, maxRetries: 1 });
    const error = (await refused.flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {} }).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    // ECONNREFUSED: never sent, so even a POST was retried.
    expect(error.attempts).toBe(2);
  });

  it('keeps the deadline, the caller abort and the size cap', async () => {
    handle = (_req, res) => {
      res.writeHead(200, JSON_API);
      res.write('{"data":');
    };
    await expect(client({ timeoutMs: 100, maxRetries: 0 }).flowRuns.retrieve(RUN.id)).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const call = client().flowRuns.retrieve(RUN.id, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toBeInstanceOf(AbortError);

    handle = (_req, res) => res.writeHead(200, JSON_API).end(JSON.stringify({ data: RUN, meta: { padding: 'x'.repeat(4096) } }));
    await expect(client({ maxResponseBytes: 1024 }).flowRuns.retrieve(RUN.id)).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('applies the size cap to a body that arrived whole, and cuts an error body there', async () => {
    // With a Content-Length, a small body is buffered by createNodeFetch and handed to the
    // transport without a stream (TAKE_COMPLETE_BODY): the same caps must hold.
    const padded = JSON.stringify({ data: RUN, meta: { padding: 'x'.repeat(4096) } });
    handle = (_req, res) => res.writeHead(200, { ...JSON_API, 'Content-Length': Buffer.byteLength(padded) }).end(padded);
    const error = (await client({ maxResponseBytes: 1024 }).flowRuns.retrieve(RUN.id).catch((e: unknown) => e)) as ResponseTooLargeError;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 200, limitBytes: 1024 });
    expect((await client().flowRuns.retrieve(RUN.id)).id).toBe(RUN.id);

    const errorBody = JSON.stringify({ errors: [{ status: '404', title: 'Not Found', detail: 'y'.repeat(2048) }] });
    handle = (_req, res) => res.writeHead(404, { ...JSON_API, 'Content-Length': Buffer.byteLength(errorBody) }).end(errorBody);
    const notFound = (await client({ maxResponseBytes: 64 }).flowRuns.retrieve(RUN.id).catch((e: unknown) => e)) as NotFoundError;
    expect(notFound).toBeInstanceOf(NotFoundError);
    // Cut at 64 bytes, the body is no JSON any more: kept as text, never more than the cap.
    expect(notFound.bodySnippet?.length).toBeLessThanOrEqual(64);
  });

  it('is called with the URL and a plain init, without a Request, and sends the same request', async () => {
    const calls: unknown[][] = [];
    const spy = Object.assign((...args: Parameters<NodeFetch>) => (calls.push(args), nodeFetch(...args)), nodeFetch);
    handle = (_req, res) => res.writeHead(201, JSON_API).end(JSON.stringify({ data: RUN, meta: {} }));
    await client({ fetch: spy }).flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {} });
    expect(calls).toHaveLength(1);
    const [input, init] = calls[0] as [unknown, RequestInit];
    expect(input).toBe(`${baseUrl}/public/v2/flow-runs`);
    expect(init).toMatchObject({ method: 'POST', headers: { accept: 'application/vnd.api+json', 'content-type': 'application/vnd.api+json', authorization: 'Bearer rk_node_fetch' } });
    expect(typeof init.body).toBe('string');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/public/v2/flow-runs' });
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'application/vnd.api+json', 'content-length': String(Buffer.byteLength(seen[0]!.body)) });
  });
});
