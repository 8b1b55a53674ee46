// A fetch over node:http / node:https with keep-alive agents, for `new Recrubo({ fetch })` on
// Node. Node's own fetch (undici) spends more time in its WHATWG machinery than on the
// request itself; for the small JSON:API documents of this API, a plain `http.request` on a
// reused socket is about twice as fast (docs/benchmarks.md, "HTTP").
//
// What it does as fetch does: the request's method, headers, body and AbortSignal; a Response
// whose body streams (so that the SDK's size cap and deadline still apply to it), except a
// small uncompressed one of known length, which is read first (faster; at most 256 kB); gzip,
// deflate and br responses decompressed. What it does not: redirects are returned, not
// followed (the Recrubo API does not redirect); no cookies, no cache, no CORS. A network
// failure rejects, as fetch does, with `TypeError('fetch failed')` whose `cause` is Node's
// error (`ECONNREFUSED`, `ECONNRESET`, …), so the SDK classifies and retries it the same way.
import http from 'node:http';
import https from 'node:https';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { TAKES_URL_AND_INIT } from '../transport/fetch-protocol';
import { BufferedResponse } from './buffered-response';

export interface NodeFetchOptions {
  /** Sockets per origin at most. Default: no limit (Node's default). */
  maxSockets?: number;
  /** Idle sockets kept per origin for reuse. Default `256`. */
  maxFreeSockets?: number;
  /** Initial delay of TCP keep-alive probes on idle sockets, in ms. Default `1000`. */
  keepAliveMsecs?: number;
  /** Use these agents instead (their keep-alive settings are yours). Default: one keep-alive agent per protocol, owned by this fetch. */
  agents?: { http?: http.Agent; https?: https.Agent };
}

/** A fetch function (`(input, init?) => Promise<Response>`) with the sockets it keeps. */
export interface NodeFetch {
  (input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Closes the idle sockets of the agents it created (not of agents you passed). Requests in flight complete. */
  close(): void;
}

/** Bodies up to this size with a Content-Length are read whole before the Response resolves. */
const BUFFERED_BODY_MAX_BYTES = 256 * 1024;
/** Statuses whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  'x-gzip': () => zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

const isRequest = (value: unknown): value is Request =>
  // Duck-typed: a Request from another realm (jest, vm) is not `instanceof Request` here.
  typeof value === 'object' && value !== null && typeof (value as Request).url === 'string' && typeof (value as Request).arrayBuffer === 'function' && 'headers' in value;

interface RequestParts {
  url: URL;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer | undefined;
  signal: AbortSignal | null | undefined;
}

/**
 * The request as node:http needs it. A URL string with an init of plain parts (what the SDK's
 * transport passes) is read directly; anything else goes through a Request, as fetch does.
 */
async function partsOf(input: Request | string | URL, init: RequestInit | undefined): Promise<RequestParts> {
  if (typeof input === 'string' && init !== undefined && isPlainBody(init.body) && (init.headers === undefined || isPlainHeaders(init.headers) || isHeaders(init.headers))) {
    let headers: Record<string, string>;
    if (isHeaders(init.headers)) {
      headers = recordOf(init.headers);
    } else {
      headers = {};
      for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = String(value);
    }
    const body = init.body === undefined || init.body === null ? undefined : typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body as ArrayBuffer);
    return { url: new URL(input), method: (init.method ?? 'GET').toUpperCase(), headers, body, signal: init.signal };
  }
  const request = isRequest(input) && init === undefined ? input : new Request(input, init);
  const headers = recordOf(request.headers);
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  return { url: new URL(request.url), method: request.method.toUpperCase(), headers, body, signal: request.signal };
}

/** Headers as node:http takes them (names lower-case, as Headers gives them). */
function recordOf(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

// Tag and shape checks, not instanceof: values from another realm (jest, vm) pass too.
const isPlainBody = (body: unknown): boolean => body === undefined || body === null || typeof body === 'string' || Object.prototype.toString.call(body) === '[object ArrayBuffer]';
const isHeaders = (headers: unknown): headers is Headers =>
  typeof headers === 'object' && headers !== null && typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function';
const isPlainHeaders = (headers: unknown): headers is Record<string, string> =>
  typeof headers === 'object' && headers !== null && Object.getPrototypeOf(headers) === Object.prototype;

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** The response body as a web stream, paused while the reader is behind (backpressure). */
function streamOf(source: Readable, failure: (error: unknown) => unknown, received: readonly Buffer[] = []): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // What arrived before the body turned out to need a stream.
        for (const chunk of received) controller.enqueue(chunk);
        source.on('data', (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 1) <= 0) source.pause();
        });
        source.once('end', () => controller.close());
        source.once('error', (error) => controller.error(failure(error)));
      },
      pull() {
        source.resume();
      },
      cancel() {
        source.destroy();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = DECODERS[encoding];
  if (!decoder) return response;
  const stream = decoder();
  response.on('error', (error) => stream.destroy(error));
  return response.pipe(stream);
}

/**
 * A fetch over `node:http` / `node:https` with keep-alive agents (Node only):
 *
 * ```ts
 * import { Recrubo } from 'recrubo-sdk';
 * import { createNodeFetch } from 'recrubo-sdk/node';
 * const recrubo = new Recrubo({ apiKey, fetch: createNodeFetch() });
 * ```
 */
export function createNodeFetch(options: NodeFetchOptions = {}): NodeFetch {
  const agentOptions = { keepAlive: true, keepAliveMsecs: options.keepAliveMsecs ?? 1000, maxSockets: options.maxSockets ?? Infinity, maxFreeSockets: options.maxFreeSockets ?? 256 };
  const owned: http.Agent[] = [];
  const httpAgent = options.agents?.http ?? owned[owned.push(new http.Agent(agentOptions)) - 1]!;
  const httpsAgent = options.agents?.https ?? owned[owned.push(new https.Agent(agentOptions)) - 1]!;

  async function nodeFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const request = await partsOf(input, init);
    const { signal, url, body, headers } = request;
    signal?.throwIfAborted();
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fetchFailed(new Error(`createNodeFetch supports http: and https: URLs, not ${url.protocol}`));
    headers['accept-encoding'] ??= 'gzip, deflate, br';
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const { method } = request;
    const secure = url.protocol === 'https:';

    return new Promise<Response>((resolve, reject) => {
      // As fetch: an abort rejects with the signal's reason, a network failure with TypeError.
      const failure = (error: unknown) => (signal?.aborted ? signal.reason : fetchFailed(error));
      // The signal is listened to by hand: http.request's own `signal` option costs as much
      // as a third of the request on a reused socket.
      const onAbort = () => outgoing.destroy(signal?.reason as Error);
      const settled = () => signal?.removeEventListener('abort', onAbort);
      const outgoing = (secure ? https : http).request(url, { method, headers, agent: secure ? httpsAgent : httpAgent }, (incoming) => {
        incoming.once('close', settled);
        const status = incoming.statusCode ?? 0;
        const responseHeaders: [string, string][] = [];
        const raw = incoming.rawHeaders;
        for (let i = 0; i < raw.length; i += 2) responseHeaders.push([raw[i]!, raw[i + 1]!]);
        const init = { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders };
        const respond = (body: Uint8Array | ReadableStream<Uint8Array> | null) => {
          const response = body instanceof Uint8Array ? new BufferedResponse(body, init) : new Response(body, init);
          Object.defineProperty(response, 'url', { value: url.href });
          resolve(response);
        };
        if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
          incoming.resume();
          respond(null);
          return;
        }
        // A small body is read whole before resolving: a Response over bytes (buffered-response.ts)
        // costs far less than one over a stream. With a Content-Length up to 256 kB that is
        // always done (it is finite, so nothing waits on it for long). Without one (chunked), the
        // body is gathered only while it keeps arriving at once: if it has not ended by the next
        // turn of the event loop, or grows past 256 kB, the Response streams what came so far
        // and the rest, as fetch does (a slow or endless body still streams). Compressed bodies
        // always stream.
        if (incoming.headers['content-encoding'] !== undefined) {
          respond(streamOf(decoded(incoming), failure));
          return;
        }
        const length = Number(incoming.headers['content-length'] ?? Number.NaN);
        const known = Number.isInteger(length);
        if (known && length > BUFFERED_BODY_MAX_BYTES) {
          respond(streamOf(incoming, failure));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const onData = (chunk: Buffer): void => {
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size > BUFFERED_BODY_MAX_BYTES) stream();
        };
        const onEnd = (): void => {
          if (waiting !== undefined) clearImmediate(waiting);
          incoming.off('error', onError);
          const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          respond(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        };
        const onError = (error: unknown): void => {
          if (waiting !== undefined) clearImmediate(waiting);
          reject(failure(error));
        };
        function stream(): void {
          if (waiting !== undefined) clearImmediate(waiting);
          incoming.off('data', onData).off('end', onEnd).off('error', onError);
          respond(streamOf(incoming, failure, chunks));
        }
        const waiting = known ? undefined : setImmediate(stream);
        incoming.on('data', onData).once('end', onEnd).once('error', onError);
      });
      outgoing.once('error', (error) => {
        settled();
        reject(failure(error));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      // Aborted while the request body was being read above.
      if (signal?.aborted) onAbort();
      outgoing.end(body);
    });
  }

  return Object.assign(nodeFetch, {
    // The SDK's transport may call it with (url, init), skipping the Request (see src/transport/fetch-protocol.ts).
    [TAKES_URL_AND_INIT]: true as const,
    close(): void {
      for (const agent of owned) agent.destroy();
    },
  });
}
