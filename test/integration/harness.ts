// The SDK against the mock over real HTTP on 127.0.0.1: one mock per test file, an
// organization-key client and a partner-key client (both validating every response with the
// generated validators, and collecting any drift of error bodies), and optionally a webhook
// receiver built on the SDK's own Node handler.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Recrubo, type ResponseDrift, type WebhookEvent } from '../../src/index';
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/mock/index';
import { buildSpecModel, type Json, type SpecModel } from '../../src/mock/spec-model';
import { createNodeWebhookHandler } from '../../src/webhooks/node-handler';
import { loopbackFetch } from '../support/loopback-fetch';

export const API_KEY = 'org_integration_key';
export const PARTNER_KEY = 'partner_integration_key';
export const WEBHOOK_SECRET = 'whsec_integration';

export interface WebhookReceiver {
  url: string;
  events: WebhookEvent[];
  /** Answer the next `n` deliveries with 500 (through the handler's failing callback). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret = WEBHOOK_SECRET): Promise<WebhookReceiver> {
  const events: WebhookEvent[] = [];
  let failures = 0;
  const handler = createNodeWebhookHandler({
    secret,
    onEvent(event) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('receiver told to fail');
      }
      events.push(event);
    },
    onError: () => undefined,
  });
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/recrubo-webhooks`,
    events,
    failNext: (n) => {
      failures = n;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Harness {
  mock: MockServer;
  /** Organization key, strict response validation. */
  recrubo: Recrubo;
  /** Partner key (management routes). */
  partner: Recrubo;
  /** Drift the clients reported (error bodies that depart from the spec): must stay empty. */
  drift: ResponseDrift[];
  receiver: WebhookReceiver | undefined;
  model: SpecModel;
  client(options?: { apiKey?: string; partnerKey?: string; maxRetries?: number }): Recrubo;
  close(): Promise<void>;
}

let model: SpecModel | undefined;
export function specModel(): SpecModel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  model ??= buildSpecModel(require('../../generated/recrubo.bundled.json') as Json);
  return model;
}

export async function startHarness(options: MockServerOptions & { receiver?: boolean } = {}): Promise<Harness> {
  const { receiver: withReceiver, ...mockOptions } = options;
  const receiver = withReceiver ? await startWebhookReceiver() : undefined;
  const mock = await startMockServer({
    apiKey: API_KEY,
    partnerKey: PARTNER_KEY,
    webhookSecret: WEBHOOK_SECRET,
    ...(receiver ? { webhookUrl: receiver.url } : {}),
    ...mockOptions,
  });
  const drift: ResponseDrift[] = [];
  const client = (overrides: { apiKey?: string; partnerKey?: string; maxRetries?: number } = {}): Recrubo =>
    new Recrubo({
      apiKey: API_KEY,
      baseUrl: mock.url,
      fetch: loopbackFetch,
      validateResponses: 'throw',
      onResponseDrift: (d) => drift.push(d),
      ...overrides,
    });
  return {
    mock,
    recrubo: client(),
    partner: client({ apiKey: undefined, partnerKey: PARTNER_KEY }),
    drift,
    receiver,
    model: specModel(),
    client,
    async close() {
      await mock.close();
      await receiver?.close();
    },
  };
}

/**
 * What every file asserts at the end: no request the SDK sent was refused by the mock's spec
 * validation (beyond those a test sent on purpose), no response departed from the spec.
 */
export function expectConformance(harness: Harness, expectedRejections = 0): void {
  expect(harness.mock.rejections().map((r) => `${r.method} ${r.url} → ${r.status}: ${r.errors?.map((e) => e.detail).join('; ')}`)).toHaveLength(expectedRejections);
  expect(harness.mock.responseViolations).toEqual([]);
  expect(harness.drift.map((d) => d.message)).toEqual([]);
}

/** Raw HTTP to the mock, for what the SDK never sends (no key, a wrong media type). */
export async function rawRequest(
  mock: MockServer,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Headers; body: Json | undefined }> {
  const response = await loopbackFetch(new Request(`${mock.url}${path}`, { method, headers: init.headers, body: init.body }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as Json) };
}
