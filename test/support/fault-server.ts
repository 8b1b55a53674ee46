// A real HTTP server on 127.0.0.1 that tests script per request: each incoming request
// takes the next step of the script (delay, status, reset before or after the headers, a body
// cut off half-way, a body that never ends, an enormous body…) and is recorded as it arrived,
// raw request line included, so tests can count attempts and see exactly what was sent.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The raw request target as it arrived on the wire (`req.url`): path and query, undecoded. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the server does with one request. */
export type Step = (req: http.IncomingMessage, res: http.ServerResponse, server: FaultServer) => void;

export const JSON_API = { 'Content-Type': 'application/vnd.api+json' };

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Steps for the next requests, in order; when they run out, `fallback` answers. */
  script(...steps: Step[]): void;
  fallback: Step;
  /** How many requests arrived (optionally of one method). */
  count(method?: string): number;
  /** Stops listening; the port refuses connections until `listen()` is called again. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  listen(): Promise<void>;
  /** Stops and destroys every open connection. */
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const queue: Step[] = [];
  let port = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      fault.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const step = queue.shift() ?? fault.fallback;
      step(req, res, fault);
    });
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });

  await listen();
  const fault: FaultServer = {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests: [],
    script: (...steps) => queue.push(...steps),
    fallback: reply(500, { errors: [{ status: '500', title: 'The test did not script this request' }] }),
    count: (method) => fault.requests.filter((r) => method === undefined || r.method === method).length,
    stop,
    listen,
    close: stop,
  };
  // Steps that run until the connection closes register their timers here.
  trackers.set(fault, (timer) => timers.add(timer));
  return fault;
}

const trackers = new WeakMap<FaultServer, (timer: NodeJS.Timeout) => void>();
function track(server: FaultServer, timer: NodeJS.Timeout): void {
  trackers.get(server)?.(timer);
}

// ---- steps ----

/** A complete response. Objects are sent as JSON:API JSON. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const type = typeof body === 'string' ? {} : JSON_API;
    res.writeHead(status, { ...type, ...headers, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
}

/** Runs `step` after `ms` of silence (before any header is sent). */
export function delay(ms: number, step: Step): Step {
  return (req, res, server) => {
    const timer = setTimeout(() => {
      if (!res.destroyed) step(req, res, server);
    }, ms);
    track(server, timer);
  };
}

/** Never answers (until the client gives up or the server closes). */
export function stall(): Step {
  return () => undefined;
}

/** Closes the connection without sending anything. */
export function resetBeforeHeaders(): Step {
  return (req) => {
    req.socket.destroy();
  };
}

/** Sends the status line and headers, part of the body, then closes the connection. */
export function resetAfterHeaders(status: number, partialBody = '', headers: Record<string, string> = JSON_API): Step {
  return (req, res) => {
    res.writeHead(status, headers);
    res.flushHeaders();
    if (partialBody) res.write(partialBody);
    setImmediate(() => req.socket.destroy());
  };
}

/** Declares the full length of `body` but sends only the first half, then closes. */
export function cutBody(status: number, body: unknown, headers: Record<string, string> = JSON_API): Step {
  return (req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    setImmediate(() => req.socket.destroy());
  };
}

/** Sends headers and then a few bytes every `intervalMs`, forever. */
export function endlessTrickle(status = 200, intervalMs = 5, headers: Record<string, string> = JSON_API): Step {
  return (_req, res, server) => {
    res.writeHead(status, headers);
    res.write('{"data":[');
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer);
      else res.write(' ');
    }, intervalMs);
    track(server, timer);
    res.on('close', () => clearInterval(timer));
  };
}

/**
 * Streams `totalBytes` (Infinity: until the client stops reading) as fast as the client
 * reads, without Content-Length unless `declareLength`.
 */
export function enormousBody(status: number, totalBytes: number, options: { declareLength?: boolean; headers?: Record<string, string> } = {}): Step {
  return (_req, res) => {
    const length = options.declareLength && Number.isFinite(totalBytes) ? { 'Content-Length': String(totalBytes) } : {};
    res.writeHead(status, { ...JSON_API, ...options.headers, ...length });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (!res.destroyed && sent < totalBytes) {
        const size = Math.min(chunk.length, totalBytes - sent);
        sent += size;
        if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed && sent >= totalBytes) res.end();
    };
    pump();
  };
}

/** Answers with the step chosen from the request (e.g. by method or path). */
export function route(choose: (req: http.IncomingMessage) => Step): Step {
  return (req, res, server) => choose(req)(req, res, server);
}
