// The webhook endpoint for Fetch-API hosts: edge runtimes, Deno, Bun, Cloudflare Workers,
// Next.js route handlers, Hono. Same answers as the Node handler; no Node-only API.
import {
  bodyTimedOut,
  checkRequest,
  deliver,
  resolveOptions,
  tooLarge,
  unreadable,
  type DeliveryConfig,
  type DeliveryResponse,
  type WebhookHandlerOptions,
} from './delivery';

/** What some hosts pass next to the request; `waitUntil` lets an immediately acknowledged callback finish after the response. */
export interface FetchHandlerContext {
  waitUntil?(promise: Promise<unknown>): void;
}

/** `(request) => Promise<Response>`; never rejects. */
export type FetchWebhookHandler = (request: Request, context?: FetchHandlerContext) => Promise<Response>;

/**
 * Creates a Fetch-API handler for Recrubo deliveries, with the Node handler's answers: 405 to
 * anything but POST, 401 for a missing or wrong `X-Recrubo-Webhook-Secret` (before the body is
 * read), 413 over `maxBodyBytes`, 408 past `bodyTimeoutMs`, 400 for a body that is not a
 * webhook payload, then 200 (or 500 when the callback fails, see `acknowledge`).
 *
 * @example
 * // Next.js app/api/recrubo/route.ts
 * export const POST = createFetchWebhookHandler({ secret: process.env.RECRUBO_WEBHOOK_SECRET!, onEvent: handle });
 * // Cloudflare Workers: export default { fetch: (req, env, ctx) => handler(req, ctx) };
 */
export function createFetchWebhookHandler(options: WebhookHandlerOptions): FetchWebhookHandler {
  const config = resolveOptions(options, 'createFetchWebhookHandler');
  return async (request, context) => {
    try {
      const early = checkRequest(config, request.method, request.headers, request.headers.get('content-length'));
      if (early !== undefined) return toResponse(early);
      const body = await readBody(request, config);
      if ('status' in body) return toResponse(body);
      return toResponse(await deliver(config, body.bytes, context?.waitUntil?.bind(context)));
    } catch {
      return new Response('', { status: 500 });
    }
  };
}

type BodyResult = { bytes: Uint8Array } | DeliveryResponse;

async function readBody(request: Request, config: DeliveryConfig): Promise<BodyResult> {
  if (request.body === null) return { bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), config.bodyTimeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === 'timeout') {
        reader.cancel().catch(() => undefined);
        return bodyTimedOut(config);
      }
      if (next.done) break;
      received += next.value.byteLength;
      if (received > config.maxBodyBytes) {
        reader.cancel().catch(() => undefined);
        return tooLarge(config);
      }
      chunks.push(next.value);
    }
  } catch {
    // The client went away (or the stream broke): the answer is likely never read.
    return unreadable(config);
  } finally {
    clearTimeout(timer);
  }
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes: out };
}

function toResponse(response: DeliveryResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
