// The Node handler over real HTTP on 127.0.0.1: a real server, real sockets, real clients
// (including raw ones that misbehave).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ConfigurationError } from '../errors';
import { WebhookPayloadError, WebhookVerificationError } from './errors';
import { FLOW_RUN_LIFECYCLE, HEADERS, SECRET, body } from './fixtures.test-support';
import { createNodeWebhookHandler, type NodeWebhookHandler, type WebhookHandlerOptions } from './node-handler';
import { generateTestWebhook } from './test-helpers';
import type { WebhookEvent } from './types';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Harness {
  port: number;
  events: WebhookEvent[];
  errors: { error: unknown; status: number }[];
  /** Every handler invocation's promise, to know when the handler has finished. */
  handled: Promise<void>[];
  close(): Promise<void>;
}

const open: Harness[] = [];

async function serve(options: Partial<WebhookHandlerOptions> = {}, wrap?: (handler: NodeWebhookHandler) => http.RequestListener): Promise<Harness> {
  const events: WebhookEvent[] = [];
  const errors: { error: unknown; status: number }[] = [];
  const handled: Promise<void>[] = [];
  const handler = createNodeWebhookHandler({
    secret: SECRET,
    onEvent: (event) => {
      events.push(event);
    },
    onError: (error, context) => errors.push({ error, status: context.status }),
    ...options,
  });
  const listener: http.RequestListener = wrap ? wrap(handler) : (req, res) => void handled.push(handler(req, res));
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const harness: Harness = {
    port: (server.address() as AddressInfo).port,
    events,
    errors,
    handled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(harness);
  return harness;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/**
 * One request over a plain TCP socket, answered and closed. Raw sockets rather than
 * `http.request`: nock (loaded for every test file) patches Node's http client, and in a
 * long-lived jest worker its interceptor from an earlier test file can break requests.
 */
function post(port: number, payload: string | Buffer, headers: Record<string, string | number | string[]> = HEADERS, method = 'POST'): Promise<Reply> {
  const bytes = Buffer.from(payload);
  const names = Object.keys(headers).map((name) => name.toLowerCase());
  const chunked = names.includes('transfer-encoding');
  const lines = [`${method} /webhooks HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) for (const one of [value].flat()) lines.push(`${name}: ${one}`);
  if (!chunked && !names.includes('content-length') && (method === 'POST' || bytes.length > 0)) lines.push(`Content-Length: ${bytes.length}`);
  const framed = chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]) : bytes;
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    // write, not end: Node's server drops a half-closed connection before a slow answer.
    socket.on('connect', () => socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), framed])));
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(received).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no complete response: ${JSON.stringify(raw)}`));
      const [status, ...headerLines] = raw.slice(0, split).split('\r\n');
      const parsed: http.IncomingHttpHeaders = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(status?.split(' ')[1]), headers: parsed, body: raw.slice(split + 4) });
    });
  });
}

/** A raw client: writes `head` and `chunks` with pauses, reads the response until the server closes. */
function rawClient(port: number, head: string, chunks: (string | Buffer)[] = [], keepWriting = false): Promise<{ response: string; closedBy: 'server' | 'error' }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let writer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      for (const chunk of chunks) socket.write(chunk);
      // An endless body: keep sending until the server hangs up.
      if (keepWriting) writer = setInterval(() => socket.writable && socket.write(Buffer.alloc(16 * 1024, 0x20)), 5);
    });
    socket.on('data', (data) => (response += data.toString('latin1')));
    socket.on('end', () => {
      clearInterval(writer);
      socket.destroy();
      resolve({ response, closedBy: 'server' });
    });
    socket.on('error', () => {
      clearInterval(writer);
      resolve({ response, closedBy: 'error' });
    });
  });
}

function statusLine(raw: string): string {
  return raw.split('\r\n')[0] ?? '';
}

describe('createNodeWebhookHandler over HTTP', () => {
  test('a delivery: 200 after the callback handled the typed event', async () => {
    const order: string[] = [];
    const h = await serve({
      onEvent: async (event) => {
        await new Promise((r) => setTimeout(r, 20));
        order.push(`callback ${event.id}`);
        h.events.push(event);
      },
    });
    const reply = await post(h.port, body(FLOW_RUN_LIFECYCLE.finished));
    order.push('response');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ received: true });
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(order).toEqual(['callback 7e4d1f20-3a9b-4c8e-9f12-0b3c4d5e6f77', 'response']);
    const [event] = h.events;
    expect(event?.event).toBe('update');
    expect(event?.fields).toEqual(['status', 'state', 'cost']);
    expect(event?.resource).toMatchObject({ type: 'flowRuns', status: 'finished', cost: 30, state: { first_name: 'Henk' } });
  });

  test('a body in many small TCP writes is reassembled', async () => {
    const h = await serve();
    const text = body(FLOW_RUN_LIFECYCLE.running);
    const pieces = text.match(/.{1,7}/gs) ?? [];
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n`;
    const { response } = await rawClient(h.port, head, pieces);
    expect(statusLine(response)).toBe('HTTP/1.1 200 OK');
    expect(h.events[0]?.fields).toEqual(['status']);
  });

  test('a generateTestWebhook delivery is accepted', async () => {
    const h = await serve();
    const delivery = generateTestWebhook({ event: 'create', resource: { id: 'run-1', type: 'flowRuns', status: 'queued' } }, SECRET);
    expect((await post(h.port, delivery.body, delivery.headers)).status).toBe(200);
    expect(h.events[0]).toMatchObject({ id: delivery.id, event: 'create', resource: { id: 'run-1', status: 'queued' } });
  });

  test.each([
    ['missing', {}],
    ['wrong', { 'x-recrubo-webhook-secret': 'whsec_guess' }],
  ])('401 when the secret is %s; the callback never runs', async (_name, headers) => {
    const h = await serve();
    const reply = await post(h.port, body(FLOW_RUN_LIFECYCLE.running), headers);
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body).error).toMatch(/X-Recrubo-Webhook-Secret/);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('whsec_guess');
    expect(h.events).toEqual([]);
    expect(h.errors[0]?.error).toBeInstanceOf(WebhookVerificationError);
    expect(h.errors[0]?.status).toBe(401);
  });

  test('401 is decided before the body is read: the answer comes with no byte of the body sent', async () => {
    // Were the body read first, this client (which never sends it) would get 408 after bodyTimeoutMs.
    const h = await serve({ bodyTimeoutMs: 2_000 });
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: nope\r\nContent-Length: 9000000\r\n\r\n`;
    const { response, closedBy } = await rawClient(h.port, head);
    expect(statusLine(response)).toBe('HTTP/1.1 401 Unauthorized');
    expect(response.toLowerCase()).toContain('connection: close');
    expect(closedBy).toBe('server');
  });

  test.each([
    ['not JSON', 'not json at all', ''],
    ['a JSON:API response instead of a payload', JSON.stringify({ data: { type: 'flowRuns', id: '1', attributes: {} } }), '/data/type'],
    ['an unknown event', JSON.stringify({ data: { type: 'webhookPayload', id: '1', attributes: { event: 'created', resource: {} } } }), '/data/attributes/event'],
  ])('400 for %s, naming what is wrong', async (_name, payload, pointer) => {
    const h = await serve();
    const reply = await post(h.port, payload);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error).toMatch(/payload|JSON/);
    expect(h.errors[0]?.error).toBeInstanceOf(WebhookPayloadError);
    expect((h.errors[0]?.error as WebhookPayloadError).pointer).toBe(pointer);
    expect(h.events).toEqual([]);
  });

  test.each(['GET', 'PUT', 'DELETE'])('405 with Allow: POST for %s', async (method) => {
    const h = await serve();
    const reply = await post(h.port, '', HEADERS, method);
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  test('413 from Content-Length before reading: the answer comes with no byte of the body sent', async () => {
    const h = await serve({ maxBodyBytes: 1024, bodyTimeoutMs: 2_000 });
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: 5000\r\n\r\n`;
    const { response, closedBy } = await rawClient(h.port, head);
    expect(statusLine(response)).toBe('HTTP/1.1 413 Payload Too Large');
    expect(response).toContain('maxBodyBytes (1024 bytes)');
    expect(closedBy).toBe('server');
    expect(h.errors.map((e) => e.status)).toEqual([413]);
  });

  test('413 while sending a declared body over the limit, connection closed', async () => {
    const h = await serve({ maxBodyBytes: 1024 });
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: 5000\r\n\r\n`;
    const { response } = await rawClient(h.port, head, [Buffer.alloc(5000, 0x20)]);
    expect(statusLine(response)).toBe('HTTP/1.1 413 Payload Too Large');
  });

  test('413 for an endless chunked body (no Content-Length): reading stops at the limit', async () => {
    const h = await serve({ maxBodyBytes: 64 * 1024 });
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = (n: number) => `${n.toString(16)}\r\n${' '.repeat(n)}\r\n`;
    const { response } = await new Promise<{ response: string }>((resolve) => {
      const socket = net.connect(h.port, '127.0.0.1');
      let response = '';
      const writer = setInterval(() => socket.writable && socket.write(chunk(8192)), 2);
      socket.on('connect', () => socket.write(head));
      socket.on('data', (d) => (response += d.toString('latin1')));
      const done = () => {
        clearInterval(writer);
        socket.destroy();
        resolve({ response });
      };
      socket.on('end', done);
      socket.on('error', done);
    });
    expect(statusLine(response)).toBe('HTTP/1.1 413 Payload Too Large');
    await Promise.all(h.handled);
    expect(h.events).toEqual([]);
  });

  test('a slow client (headers, part of the body, then silence) gets 408 and is disconnected', async () => {
    const h = await serve({ bodyTimeoutMs: 300 });
    const text = body(FLOW_RUN_LIFECYCLE.running);
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n`;
    const started = Date.now();
    const { response, closedBy } = await rawClient(h.port, head, [text.slice(0, 20)]);
    const elapsed = Date.now() - started;
    expect(statusLine(response)).toBe('HTTP/1.1 408 Request Timeout');
    expect(closedBy).toBe('server');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
    await Promise.all(h.handled);
    expect(h.events).toEqual([]);
    expect(h.errors.map((e) => e.status)).toEqual([408]);
  });

  test('a client that sends headers only and never a byte of body also gets 408', async () => {
    const h = await serve({ bodyTimeoutMs: 200 });
    const head = `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: 100\r\n\r\n`;
    const { response, closedBy } = await rawClient(h.port, head);
    expect(statusLine(response)).toBe('HTTP/1.1 408 Request Timeout');
    expect(closedBy).toBe('server');
  });

  test('a client that disconnects half-way: no callback, and the handler settles', async () => {
    const h = await serve({ bodyTimeoutMs: 5_000 });
    const socket = net.connect(h.port, '127.0.0.1');
    await new Promise((r) => socket.on('connect', r));
    socket.write(`POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: 1000\r\n\r\n{"data":`);
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(h.handled);
    expect(h.handled).toHaveLength(1);
    expect(h.events).toEqual([]);
  });

  test('a callback that throws: 500 (so Recrubo retries), its message stays out of the response', async () => {
    const h = await serve({
      onEvent: () => {
        throw new Error('database down at db.internal:5432');
      },
    });
    const reply = await post(h.port, body(FLOW_RUN_LIFECYCLE.running));
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('db.internal');
    expect(h.errors).toHaveLength(1);
    expect((h.errors[0]?.error as Error).message).toBe('database down at db.internal:5432');
  });

  test("acknowledge 'immediately': 200 before the callback finishes; a failure after that goes to onError", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const h = await serve({
      acknowledge: 'immediately',
      onEvent: async () => {
        await gate;
        throw new Error('late failure');
      },
    });
    const reply = await post(h.port, body(FLOW_RUN_LIFECYCLE.running));
    expect(reply.status).toBe(200);
    expect(h.errors).toEqual([]);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.errors.map((e) => [(e.error as Error).message, e.status])).toEqual([['late failure', 200]]);
  });

  test('the default onError logs callback failures only (not refusals anyone can provoke)', async () => {
    const logged: unknown[][] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    const handler = createNodeWebhookHandler({ secret: SECRET, onEvent: () => Promise.reject(new Error('boom')) });
    const server = http.createServer((req, res) => void handler(req, res));
    try {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      expect((await post(port, body(FLOW_RUN_LIFECYCLE.running), { 'x-recrubo-webhook-secret': 'wrong' })).status).toBe(401);
      expect(logged).toEqual([]);
      expect((await post(port, body(FLOW_RUN_LIFECYCLE.running))).status).toBe(500);
      expect(String(logged[0]?.[0])).toContain('5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33');
    } finally {
      spy.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test('a redelivery (same delivery id) reaches the callback again: de-duplicate on event.id', async () => {
    const seen = new Set<string>();
    const handledOnce: string[] = [];
    const h = await serve({
      onEvent: (event) => {
        if (seen.has(event.id)) return;
        seen.add(event.id);
        handledOnce.push(event.id);
      },
    });
    expect((await post(h.port, body(FLOW_RUN_LIFECYCLE.finished))).status).toBe(200);
    expect((await post(h.port, body(FLOW_RUN_LIFECYCLE.finished))).status).toBe(200);
    expect(handledOnce).toEqual(['7e4d1f20-3a9b-4c8e-9f12-0b3c4d5e6f77']);
  });

  test('behind a raw-body parser (req.body a Buffer) it uses that body; behind a JSON parser it answers 500 and says why', async () => {
    const parsed = (as: 'buffer' | 'object'): ((handler: NodeWebhookHandler) => http.RequestListener) => (handler) => (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        (req as { body?: unknown }).body = as === 'buffer' ? raw : JSON.parse(raw.toString('utf8'));
        void handler(req, res);
      });
    };
    const withRaw = await serve({}, parsed('buffer'));
    expect((await post(withRaw.port, body(FLOW_RUN_LIFECYCLE.running))).status).toBe(200);
    expect(withRaw.events[0]?.id).toBe('5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33');

    const withJson = await serve({}, parsed('object'));
    expect((await post(withJson.port, body(FLOW_RUN_LIFECYCLE.running))).status).toBe(500);
    expect(withJson.errors[0]?.error).toBeInstanceOf(ConfigurationError);
    expect((withJson.errors[0]?.error as Error).message).toMatch(/express\.raw/);
  });

  test('a body parser that skipped the content type (req.body = {}, stream unread): the stream is read', async () => {
    const h = await serve({}, (handler) => (req, res) => {
      (req as { body?: unknown }).body = {};
      void handler(req, res);
    });
    expect((await post(h.port, body(FLOW_RUN_LIFECYCLE.running))).status).toBe(200);
    expect(h.events[0]?.id).toBe('5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33');
  });

  test('a pre-read raw body over maxBodyBytes is still refused with 413', async () => {
    const h = await serve({ maxBodyBytes: 50 }, (handler) => (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        (req as { body?: unknown }).body = Buffer.concat(chunks).toString('utf8');
        void handler(req, res);
      });
    });
    // No Content-Length check can catch it (the header is read as is): chunked.
    expect((await post(h.port, body(FLOW_RUN_LIFECYCLE.running), { ...HEADERS, 'transfer-encoding': 'chunked' })).status).toBe(413);
  });

  test('keep-alive: two deliveries on one connection', async () => {
    const h = await serve();
    const request = (payload: string, connection: string) =>
      `POST /webhooks HTTP/1.1\r\nHost: x\r\nX-Recrubo-Webhook-Secret: ${SECRET}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: ${connection}\r\n\r\n${payload}`;
    const { response } = await rawClient(h.port, request(body(FLOW_RUN_LIFECYCLE.running), 'keep-alive'), [request(body(FLOW_RUN_LIFECYCLE.finished), 'close')]);
    expect(response.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(h.events.map((e) => e.resource)).toMatchObject([{ status: 'running' }, { status: 'finished' }]);
  });
});

describe('createNodeWebhookHandler setup', () => {
  test.each([
    ['an empty secret', { secret: '', onEvent: () => undefined }],
    ['an unset environment variable', { secret: process.env.RECRUBO_WEBHOOK_SECRET_THAT_IS_NOT_SET as string, onEvent: () => undefined }],
    ['no callback', { secret: SECRET } as WebhookHandlerOptions],
    ['a zero body limit', { secret: SECRET, onEvent: () => undefined, maxBodyBytes: 0 }],
    ['a negative timeout', { secret: SECRET, onEvent: () => undefined, bodyTimeoutMs: -1 }],
    ['an unknown acknowledge mode', { secret: SECRET, onEvent: () => undefined, acknowledge: 'later' as 'immediately' }],
  ])('refuses %s at setup with a ConfigurationError', (_name, options) => {
    expect(() => createNodeWebhookHandler(options)).toThrow(ConfigurationError);
  });
});
