// Replays a documented response through the SDK: nock serves it, the SDK makes the call,
// and every request the SDK sent is captured as it left (method, URL, headers, body).
import nock from 'nock';
import { Recrubo } from '../../src';
import { accessorOf, METHOD_ROUTES, RESOURCES, type ActionDefinition, type MethodName, type ResourceDefinition, type ResourceName } from '../../src/resources/table';
import type { SdkCall } from './manifest';

export const TEST_API_KEY = 'rk_test_0123456789abcdef';
/** The partner key of the capturing client: the SDK must send it on `/management/…` routes only. */
export const TEST_PARTNER_KEY = 'pk_test_fedcba9876543210';
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
    partnerKey: TEST_PARTNER_KEY,
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

type Target = Pick<SdkCall, 'resource' | 'method'>;

function definitionOf(resource: string): ResourceDefinition {
  if (!Object.hasOwn(RESOURCES, resource)) throw new Error(`The resource table has no row "${resource}".`);
  return RESOURCES[resource as ResourceName];
}

/** The action a call names, or undefined for one of the five resource methods. */
export function actionOf(call: Target): ActionDefinition | undefined {
  const actions = definitionOf(call.resource).actions;
  return actions !== undefined && Object.hasOwn(actions, call.method) ? actions[call.method] : undefined;
}

/** The HTTP method an SDK method sends. */
export function httpMethodOf(call: Target): string {
  const action = actionOf(call);
  if (action) return action.http.toUpperCase();
  if (!Object.hasOwn(METHOD_ROUTES, call.method)) throw new Error(`recrubo.${call.resource} has no method or action "${call.method}".`);
  return METHOD_ROUTES[call.method as MethodName].http.toUpperCase();
}

/** `recrubo.flowRuns`, `recrubo.management.organizations`, …: where a table row's client lives. */
export function resourceClient(client: Recrubo, resource: string): Record<string, (...args: unknown[]) => Promise<unknown>> | undefined {
  definitionOf(resource);
  return accessorOf(resource as ResourceName).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], client) as
    | Record<string, (...args: unknown[]) => Promise<unknown>>
    | undefined;
}

/** The SDK expression of a call, for test names and reports: `management.organizations.refreshToken`. */
export function sdkPath(call: Target): string {
  return [...accessorOf(call.resource as ResourceName), call.method].join('.');
}

/**
 * Serves `reply`, once, to the request an SDK method makes (any path: the test checks the path
 * itself). Pass the call (`{ resource, method }`); a bare resource-method name still works.
 */
export function serve(target: SdkCall['method'] | Target, reply: Reply): nock.Scope {
  const origin = new URL(BASE_URL).origin;
  const method = typeof target === 'string' ? METHOD_ROUTES[target as MethodName].http.toUpperCase() : httpMethodOf(target);
  return nock(origin)
    .intercept(() => true, method)
    .reply(reply.status, reply.body === undefined ? undefined : JSON.stringify(reply.body), {
      'Content-Type': 'application/vnd.api+json',
      ...reply.headers,
    });
}

type Linkage = { id: string } | null;

/** A request document's attributes and relationships as SDK params: a relationship becomes its id, ids or null. */
function paramsOf(body: unknown): Record<string, unknown> | undefined {
  const data = (body as { data?: { attributes?: Record<string, unknown>; relationships?: Record<string, { data: Linkage | Linkage[] }> } } | undefined)?.data;
  if (data === undefined) return undefined;
  const params: Record<string, unknown> = { ...data.attributes };
  for (const [name, relationship] of Object.entries(data.relationships ?? {})) {
    const linkage = relationship.data;
    params[name] = Array.isArray(linkage) ? linkage.map((l) => l?.id) : linkage === null ? null : linkage.id;
  }
  return params;
}

/**
 * Calls the SDK method a manifest entry names. An action takes `call.id` for each of its path
 * parameters and, when it has a body, `call.params` or the documented body as it is.
 */
export async function invoke(client: Recrubo, call: SdkCall, body?: unknown): Promise<unknown> {
  const resource = resourceClient(client, call.resource);
  if (!resource) throw new Error(`The SDK has no resource "${call.resource}".`);
  const method = resource[call.method];
  if (!method) throw new Error(`recrubo.${sdkPath(call)} does not exist.`);
  const action = actionOf(call);
  if (action) {
    const args: unknown[] = action.pathParams.map(() => call.id);
    if (action.body === 'json') args.push(call.params ?? body);
    return method(...args);
  }
  const params = call.params ?? paramsOf(body);
  const id = call.id ?? (body as { data?: { id?: string } } | undefined)?.data?.id;
  switch (call.method) {
    case 'list':
      return method(params);
    case 'create':
      return call.query === undefined ? method(params) : method(params, { query: call.query });
    case 'retrieve':
      return method(id, params);
    case 'update':
      return method(id, params);
    case 'delete':
      return method(id);
    default:
      throw new Error(`recrubo.${sdkPath(call)} is neither a resource method nor an action of its row.`);
  }
}

/**
 * What a server would answer to a replayed request when the docs show no response for it:
 * the request's resource, with `id` (the one in the path, else a fixed one) and empty `meta`.
 */
export function echoReply(requestBody: unknown, id: string | undefined): unknown {
  // A body that is not a JSON:API document (e.g. the embed call's) is echoed as it is.
  const data = (requestBody as { data?: Record<string, unknown> }).data;
  if (data === undefined) return requestBody;
  return { data: { ...data, id: id ?? (data.id as string | undefined) ?? '00000000-0000-4000-8000-000000000000' }, meta: {} };
}
