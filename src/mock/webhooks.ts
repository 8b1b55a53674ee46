// Webhook deliveries, as Recrubo makes them: a POST of a WebhookPayload
// (`{ data: { type: 'webhookPayload', id, attributes: { webhookId, event, fields, resource } } }`)
// with the organization's secret in `X-Recrubo-Webhook-Secret`. A failed delivery (no 2xx, or no
// answer) is retried with the same id on the mock clock, 5 times (Recrubo retries 5 times over
// 24 hours; the mock's default delays are shorter). Deliveries to one URL are made one at a time,
// in the order of the changes, so a receiver sees `create` before the `update`s that follow it.
import net from 'node:net';
import tls from 'node:tls';
import type { MockClock } from './clock';
import type { IdGenerator } from './ids';
import type { Json } from './store';

export const WEBHOOK_SECRET_HEADER = 'X-Recrubo-Webhook-Secret';
/** Delays before redelivery 1..5, in ms. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];
const DELIVERY_TIMEOUT_MS = 10_000;

export interface WebhookTarget {
  url: string;
  /** Sent in `X-Recrubo-Webhook-Secret`; left out when the organization has none. */
  secret: string | null;
  /** The Webhook subscription that matched; undefined for a catch-all delivery. */
  webhookId: string | undefined;
}

export interface WebhookDelivery {
  /** The delivery id (`data.id`), the same on every attempt. */
  id: string;
  url: string;
  event: 'create' | 'update' | 'delete';
  fields: string[] | null;
  resourceType: string;
  resourceId: string;
  webhookId: string | undefined;
  /** The JSON body sent. */
  body: string;
  attempts: number;
  /** Status of the last attempt; undefined when no answer arrived. */
  lastStatus: number | undefined;
  lastError: string | undefined;
  state: 'pending' | 'delivered' | 'failed';
}

export interface WebhookDispatcherOptions {
  clock: MockClock;
  ids: IdGenerator;
  retryDelaysMs?: readonly number[];
  onDelivery?: (delivery: WebhookDelivery) => void;
}

export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<() => void>();
  private readonly retryDelays: readonly number[];
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** Queues one delivery per target. */
  send(targets: readonly WebhookTarget[], payload: { event: WebhookDelivery['event']; fields: string[] | null; resource: Json }): WebhookDelivery[] {
    return targets.map((target) => {
      const id = this.options.ids.uuid();
      const attributes: Json = {};
      if (target.webhookId !== undefined) attributes.webhookId = target.webhookId;
      attributes.event = payload.event;
      attributes.fields = payload.fields;
      attributes.resource = payload.resource;
      const delivery: WebhookDelivery = {
        id,
        url: target.url,
        event: payload.event,
        fields: payload.fields,
        resourceType: String(payload.resource.type),
        resourceId: String(payload.resource.id),
        webhookId: target.webhookId,
        body: JSON.stringify({ data: { type: 'webhookPayload', id, attributes } }),
        attempts: 0,
        lastStatus: undefined,
        lastError: undefined,
        state: 'pending',
      };
      this.deliveries.push(delivery);
      this.enqueue(delivery, target.secret);
      return delivery;
    });
  }

  /** Resolves once no delivery is being sent (redeliveries still waiting on the clock do not count). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops: no new attempt starts, pending redeliveries are dropped. */
  close(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }

  private enqueue(delivery: WebhookDelivery, secret: string | null): void {
    if (this.closed) return;
    const previous = this.queues.get(delivery.url) ?? Promise.resolve();
    const attempt = previous.then(() => this.attempt(delivery, secret));
    const tracked = attempt.finally(() => {
      this.inFlight.delete(tracked);
      if (this.queues.get(delivery.url) === attempt) this.queues.delete(delivery.url);
    });
    this.queues.set(delivery.url, attempt);
    this.inFlight.add(tracked);
  }

  private async attempt(delivery: WebhookDelivery, secret: string | null): Promise<void> {
    if (this.closed) return;
    delivery.attempts += 1;
    try {
      delivery.lastStatus = await post(delivery.url, delivery.body, secret);
      delivery.lastError = undefined;
    } catch (error) {
      delivery.lastStatus = undefined;
      delivery.lastError = error instanceof Error ? error.message : String(error);
    }
    const ok = delivery.lastStatus !== undefined && delivery.lastStatus >= 200 && delivery.lastStatus < 300;
    const delay = this.retryDelays[delivery.attempts - 1];
    if (ok) delivery.state = 'delivered';
    else if (delay === undefined || this.closed) delivery.state = 'failed';
    else {
      const cancel = this.options.clock.setTimer(delay, () => {
        this.timers.delete(cancel);
        this.enqueue(delivery, secret);
      });
      this.timers.add(cancel);
    }
    this.options.onDelivery?.(delivery);
  }
}

/**
 * One POST over a plain socket, answered by its status code. Deliberately not `http.request` or
 * `fetch`: test tooling in the host process (nock, msw) patches those, and a mock running inside a
 * test must deliver to the test's receiver whatever interceptors are installed.
 */
function post(url: string, body: string, secret: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`webhookUrl "${url}" is not an absolute URL`));
      return;
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new Error(`webhookUrl "${url}" is not http(s)`));
      return;
    }
    const secure = target.protocol === 'https:';
    const port = Number(target.port || (secure ? 443 : 80));
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const lines = [
      `POST ${target.pathname}${target.search} HTTP/1.1`,
      `Host: ${target.host}`,
      'Content-Type: application/vnd.api+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'User-Agent: recrubo-mock',
      'Connection: close',
    ];
    if (secret !== null && secret !== '') lines.push(`${WEBHOOK_SECRET_HEADER}: ${secret}`);
    const request = `${lines.join('\r\n')}\r\n\r\n${body}`;
    const socket = secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
    let received = '';
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1];
      if (status !== undefined) resolve(Number(status));
      else reject(error ?? new Error('the connection closed without an HTTP answer'));
    };
    socket.setTimeout(DELIVERY_TIMEOUT_MS, () => finish(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)));
    socket.setEncoding('latin1');
    socket.on(secure ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('data', (chunk: string) => {
      received += chunk;
      // The status line and headers are all a delivery needs.
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish());
  });
}
