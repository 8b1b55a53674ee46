// The webhook endpoint for Node's `http` server (and Express, Fastify's raw `req`/`res`,
// Next.js API routes with the body parser off): reads the raw body itself, with a size
// limit and a deadline, and answers each delivery as `delivery.ts` decides.
//
// Node only: it will be published behind its own subpath export, so the core entry stays
// free of Node APIs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { concatBytes } from '../bytes';
import {
  bodyTimedOut,
  checkRequest,
  deliver,
  misconfigured,
  resolveOptions,
  tooLarge,
  type DeliveryConfig,
  type DeliveryResponse,
  type WebhookHandlerOptions,
} from './delivery';

export type { WebhookErrorContext, WebhookHandlerOptions } from './delivery';

/** A Node request handler: `http.createServer(handler)` or `app.post('/webhooks', handler)`. The promise settles once the delivery is answered (and, with `acknowledge: 'after-callback'`, handled); it never rejects. */
export type NodeWebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Creates the Node `http` handler for Recrubo deliveries.
 *
 * Answers: 405 to anything but POST; 401 when `X-Recrubo-Webhook-Secret` is missing or wrong
 * (checked before the body is read); 413 for a body over `maxBodyBytes`; 408 when the body
 * does not arrive within `bodyTimeoutMs`; 400 when it is not a webhook payload; then 200 (or
 * 500 when the callback fails, see `acknowledge`). Refusals close the connection, so an unread
 * body is never drained.
 *
 * Mount it before any body parser. Behind one that already read the stream, it uses `req.body`
 * when that is the raw Buffer or string (`express.raw({ type: '*\/*' })`) and answers 500 (and
 * tells `onError` why) when it is a parsed object.
 *
 * @example
 * http.createServer(createNodeWebhookHandler({ secret: process.env.RECRUBO_WEBHOOK_SECRET!, onEvent: (e) => queue.add(e) })).listen(3000);
 */
export function createNodeWebhookHandler(options: WebhookHandlerOptions): NodeWebhookHandler {
  const config = resolveOptions(options, 'createNodeWebhookHandler');
  return async (req, res) => {
    try {
      const early = checkRequest(config, req.method, req.headers, req.headers['content-length']);
      if (early !== undefined) return send(req, res, early, true);
      const body = await readBody(req, config);
      if ('gone' in body) return;
      if ('refused' in body) return send(req, res, body.refused, true);
      send(req, res, await deliver(config, body.bytes), false);
    } catch {
      // Nothing above throws by design; a host quirk must still not leave the sender hanging.
      if (!res.headersSent) send(req, res, { status: 500, headers: {}, body: '' }, true);
    }
  };
}

/** The body; or the answer refusing it; or nobody left to answer (the client disconnected). */
type BodyResult = { bytes: Uint8Array } | { refused: DeliveryResponse } | { gone: true };

function readBody(req: IncomingMessage, config: DeliveryConfig): Promise<BodyResult> {
  if (req.readableEnded) {
    // A framework's body parser read the stream first: use the raw body it kept, refuse a parsed one.
    const preRead = (req as { body?: unknown }).body;
    if (typeof preRead === 'string') return Promise.resolve(withinLimit(new TextEncoder().encode(preRead), config));
    if (preRead instanceof Uint8Array) return Promise.resolve(withinLimit(preRead, config));
    return Promise.resolve({
      refused: misconfigured(
        config,
        'createNodeWebhookHandler: the request body was already read and parsed by other middleware (a body parser). Mount the webhook handler before it, or use express.raw({ type: "*/*" }) on its route.',
      ),
    });
  }
  // Not read yet, even if a body parser that skipped this content type set `req.body = {}`.
  return new Promise<BodyResult>((resolve) => {
    const chunks: Uint8Array[] = [];
    let received = 0;
    const finish = (result: BodyResult): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onClose);
      // Stop reading: the refusal closes the connection, the rest of the body is never drained.
      if (!('bytes' in result)) req.pause();
      resolve(result);
    };
    const onData = (chunk: Uint8Array): void => {
      received += chunk.byteLength;
      if (received > config.maxBodyBytes) finish({ refused: tooLarge(config) });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ bytes: concatBytes(chunks, received) });
    // The client went away before the body ended: nobody is left to answer.
    const onGone = (): void => finish({ gone: true });
    const onClose = (): void => {
      if (!req.complete) onGone();
    };
    const timer = setTimeout(() => finish({ refused: bodyTimedOut(config) }), config.bodyTimeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onClose);
  });
}

function withinLimit(bytes: Uint8Array, config: DeliveryConfig): BodyResult {
  return bytes.byteLength > config.maxBodyBytes ? { refused: tooLarge(config) } : { bytes };
}

function send(req: IncomingMessage, res: ServerResponse, response: DeliveryResponse, closeConnection: boolean): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(response.body) };
  // A refused request may still be sending its body: close instead of draining it.
  if (closeConnection && !req.complete) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(response.body);
  if (closeConnection && !req.complete) {
    // Once the answer is flushed, drop the connection even if the client keeps it open and silent.
    res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
  }
}
