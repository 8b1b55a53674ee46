// The Fetch-API handler: `Request` in, `Response` out, no server needed (edge runtimes call it
// the same way). Bodies are streamed to exercise the size limit and the body deadline.
import { ConfigurationError } from '../errors';
import { WebhookPayloadError, WebhookVerificationError } from './errors';
import { createFetchWebhookHandler, type FetchWebhookHandler } from './fetch-handler';
import { FLOW_RUN_LIFECYCLE, HEADERS, SECRET, body } from './fixtures.test-support';
import type { WebhookHandlerOptions } from './delivery';
import { generateTestWebhook } from './test-helpers';
import type { WebhookEvent } from './types';

const URL_ = 'https://receiver.example/webhooks';

function setup(options: Partial<WebhookHandlerOptions> = {}): { handler: FetchWebhookHandler; events: WebhookEvent[]; errors: { error: unknown; status: number }[] } {
  const events: WebhookEvent[] = [];
  const errors: { error: unknown; status: number }[] = [];
  const handler = createFetchWebhookHandler({
    secret: SECRET,
    onEvent: (event) => void events.push(event),
    onError: (error, context) => errors.push({ error, status: context.status }),
    ...options,
  });
  return { handler, events, errors };
}

function request(payload: BodyInit | null, headers: HeadersInit = HEADERS, method = 'POST'): Request {
  return new Request(URL_, { method, headers, body: payload, ...(payload instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

/** A body stream: the given chunks, then (when `stall`) nothing more, ever. */
function stream(chunks: Uint8Array[], stall: boolean): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[index++];
      if (next !== undefined) controller.enqueue(next);
      else if (!stall) controller.close();
      else return new Promise<void>(() => undefined);
      return undefined;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

describe('createFetchWebhookHandler', () => {
  test('a delivery: 200 once the callback handled the typed event', async () => {
    const { handler, events } = setup();
    const response = await handler(request(body(FLOW_RUN_LIFECYCLE.create)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: '0f6a3a7e-1c44-4f0e-8a55-6d0a9b3c2e11', event: 'create', resource: { type: 'flowRuns', status: 'queued' } });
  });

  test('a streamed body in many chunks', async () => {
    const { handler, events } = setup();
    const bytes = new TextEncoder().encode(body(FLOW_RUN_LIFECYCLE.finished));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 10) }, (_, i) => bytes.subarray(i * 10, i * 10 + 10));
    const response = await handler(request(stream(chunks, false).body));
    expect(response.status).toBe(200);
    expect(events[0]?.resource).toMatchObject({ status: 'finished', cost: 30 });
  });

  test('a generateTestWebhook delivery is accepted', async () => {
    const { handler, events } = setup();
    const delivery = generateTestWebhook({ event: 'update', fields: ['status'], resource: { id: 'r', type: 'flowRuns', status: 'exception' } }, SECRET);
    expect((await handler(request(delivery.body, delivery.headers))).status).toBe(200);
    expect(events[0]).toMatchObject({ id: delivery.id, fields: ['status'], resource: { status: 'exception' } });
  });

  test.each([
    ['missing', {}],
    ['wrong', { 'X-Recrubo-Webhook-Secret': 'guess' }],
  ])('401 when the secret is %s, before the body is read', async (_name, headers) => {
    const { handler, events, errors } = setup();
    const body = stream([new TextEncoder().encode('{')], true);
    const response = await handler(request(body.body, headers));
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('guess');
    expect(events).toEqual([]);
    expect(errors[0]?.error).toBeInstanceOf(WebhookVerificationError);
  });

  test('400 names the pointer', async () => {
    const { handler, errors } = setup();
    const response = await handler(request(JSON.stringify({ data: { type: 'webhookPayload', id: 'x', attributes: { event: 'update', resource: { id: '1', type: 'invoices' } } } })));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/"invoices" is not one this version/);
    expect((errors[0]?.error as WebhookPayloadError).pointer).toBe('/data/attributes/resource/type');
  });

  test('400 for no body at all', async () => {
    const { handler } = setup();
    expect((await handler(request(null))).status).toBe(400);
  });

  test.each(['GET', 'HEAD', 'PUT'])('405 with Allow: POST for %s', async (method) => {
    const { handler } = setup();
    const response = await handler(request(null, HEADERS, method));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  test('413 from Content-Length without reading the body', async () => {
    const { handler } = setup({ maxBodyBytes: 100 });
    const body = stream([new Uint8Array(10)], true);
    const response = await handler(request(body.body, { ...HEADERS, 'content-length': '1000' }));
    expect(response.status).toBe(413);
  });

  test('413 for an endless stream: reading stops at the limit and the stream is cancelled', async () => {
    const { handler } = setup({ maxBodyBytes: 1000 });
    const chunk = new Uint8Array(300);
    const body = stream(Array.from({ length: 1000 }, () => chunk), true);
    const response = await handler(request(body.body));
    expect(response.status).toBe(413);
    expect(body.cancelled()).toBe(true);
  });

  test('a body that stalls: 408 after bodyTimeoutMs, the stream cancelled', async () => {
    const { handler, errors } = setup({ bodyTimeoutMs: 100 });
    const body = stream([new TextEncoder().encode('{"data":')], true);
    const started = Date.now();
    const response = await handler(request(body.body));
    expect(response.status).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(body.cancelled()).toBe(true);
    expect(errors.map((e) => e.status)).toEqual([408]);
  });

  test('a body stream that errors half-way: 400, no callback', async () => {
    const { handler, events } = setup();
    let sent = false;
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"da'));
        } else controller.error(new Error('connection reset'));
      },
    });
    expect((await handler(request(broken))).status).toBe(400);
    expect(events).toEqual([]);
  });

  test('a callback that rejects: 500, without its message', async () => {
    const { handler, errors } = setup({ onEvent: () => Promise.reject(new Error('queue full: amqp://user:pw@mq')) });
    const response = await handler(request(body(FLOW_RUN_LIFECYCLE.running)));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('amqp');
    expect(errors.map((e) => e.status)).toEqual([500]);
  });

  test("acknowledge 'immediately' hands the callback to waitUntil and answers at once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const finished: string[] = [];
    const { handler } = setup({
      acknowledge: 'immediately',
      onEvent: async (event) => {
        await gate;
        finished.push(event.id);
      },
    });
    const pending: Promise<unknown>[] = [];
    const response = await handler(request(body(FLOW_RUN_LIFECYCLE.running)), { waitUntil: (p) => void pending.push(p) });
    expect(response.status).toBe(200);
    expect(pending).toHaveLength(1);
    expect(finished).toEqual([]);
    release();
    await Promise.all(pending);
    expect(finished).toEqual(['5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33']);
  });

  test('refuses an empty secret at setup', () => {
    expect(() => createFetchWebhookHandler({ secret: '', onEvent: () => undefined })).toThrow(ConfigurationError);
    expect(() => createFetchWebhookHandler({ secret: [], onEvent: () => undefined })).toThrow(ConfigurationError);
  });
});
