// Replays a documented response through the SDK: nock serves it, the SDK makes the call,
// and every request the SDK sent is captured as it left (method, URL, headers, body).
import nock from 'nock';
import { Recrubo } from '../../src';
import type { SdkCall } from './manifest';

export const TEST_API_KEY = 'rk_test_0123456789abcdef';
export const BASE_URL = 'https://api.recrubo.app/public/v2';

export interface CapturedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function createCapturingClient(): { client: Recrubo; sent: CapturedRequest[] } {
  const sent: CapturedRequest[] = [];
  const client = new Recrubo({
    apiKey: TEST_API_KEY,
    baseUrl: BASE_URL,
    maxRetries: 0,
    fetch: async (request) => {
      const text = request.body === null ? undefined : await request.clone().text();
      sent.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: text === undefined ? undefined : JSON.parse(text) });
      return globalThis.fetch(request);
    },
  });
  return { client, sent };
}

const HTTP_METHOD_OF: Record<SdkCall['method'], string> = { list: 'GET', retrieve: 'GET', create: 'POST', update: 'PATCH', delete: 'DELETE' };

/** Serves `reply`, once, to the request an SDK method makes (any path: the test checks the path itself). */
export function serve(method: SdkCall['method'], reply: Reply): nock.Scope {
  const origin = new URL(BASE_URL).origin;
  return nock(origin)
    .intercept(() => true, HTTP_METHOD_OF[method])
    .reply(reply.status, reply.body === undefined ? undefined : JSON.stringify(reply.body), {
      'Content-Type': 'application/vnd.api+json',
      ...reply.headers,
    });
}

/** Calls the SDK method a manifest entry names. */
export async function invoke(client: Recrubo, call: SdkCall, body?: unknown): Promise<unknown> {
  const resource = (client as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>)[call.resource];
  if (!resource) throw new Error(`The SDK has no resource "${call.resource}".`);
  const method = resource[call.method];
  if (!method) throw new Error(`recrubo.${call.resource} has no method "${call.method}".`);
  const data = (body as { data?: { id?: string; attributes?: Record<string, unknown> } } | undefined)?.data;
  const params = call.params ?? data?.attributes;
  const id = call.id ?? data?.id;
  switch (call.method) {
    case 'list':
      return method(params);
    case 'create':
      return method(params);
    case 'retrieve':
      return method(id, params);
    case 'update':
      return method(id, params);
    case 'delete':
      return method(id);
  }
}
