// Deliveries for users' own tests: the body and headers Recrubo would send for an event, which
// `constructWebhookEvent` and the handlers accept with the same secret.
import { getLinks, getMeta, isFlattenedResource, RELATIONSHIPS, type FlattenedResource } from '../jsonapi/deserialize';
import { ConfigurationError } from '../errors';
import { prepareSecrets, WEBHOOK_SECRET_HEADER } from './secret';
import type { WebhookEventName, WebhookResourceType } from './types';

/** A resource to deliver: a flattened resource (`{ id, type, ...attributes }`) or a JSON:API resource object. */
export interface TestWebhookResource {
  id: string;
  type: WebhookResourceType;
  [member: string]: unknown;
}

export interface TestWebhookParams {
  /** What happened to the resource. */
  event: WebhookEventName;
  /**
   * The resource after the event. A flattened resource (as the SDK returns it, or an object
   * literal) is turned into a JSON:API resource object: members that are resources (or lists of
   * them), or object literals with a string `id` and `type`, become relationships (sent as
   * identifiers, as a payload has no `included`); every other member is an attribute.
   * A JSON:API resource object (with `attributes` and/or `relationships`) is sent as it is.
   */
  resource: TestWebhookResource;
  /** For `update`: the attributes that changed. Left out of the payload when not given. */
  fields?: readonly string[];
  /** The delivery id (`data.id`). Default: a random UUID. Reuse one to simulate a redelivery. */
  id?: string;
  /** The Webhook that fired. Default: a random UUID. `null` leaves it out, as some deliveries do. */
  webhookId?: string | null;
}

export interface TestWebhook {
  /** The delivery id, as `constructWebhookEvent` will report it. */
  id: string;
  /** The JSON body. */
  body: string;
  /** `content-type` and `x-recrubo-webhook-secret`: usable as a Node header object or `new Headers(headers)`. */
  headers: Record<string, string>;
}

/**
 * A delivery of `params` signed with `secret`, for your own tests:
 *
 * @example
 * const { body, headers } = generateTestWebhook({ event: 'update', fields: ['status'], resource: { id: runId, type: 'flowRuns', status: 'finished' } }, secret);
 * await handler(new Request('http://localhost/webhooks', { method: 'POST', headers, body }));
 */
export function generateTestWebhook(params: TestWebhookParams, secret: string): TestWebhook {
  if (Array.isArray(secret)) throw new ConfigurationError('generateTestWebhook: give one secret (a string): a delivery carries one.');
  prepareSecrets(secret, 'generateTestWebhook');
  const id = params.id ?? crypto.randomUUID();
  const attributes: Record<string, unknown> = {};
  if (params.webhookId !== null) attributes.webhookId = params.webhookId ?? crypto.randomUUID();
  attributes.event = params.event;
  if (params.fields !== undefined) attributes.fields = [...params.fields];
  attributes.resource = isResourceObject(params.resource) ? params.resource : toResourceObject(params.resource);
  const body = JSON.stringify({ data: { type: 'webhookPayload', id, attributes } });
  return { id, body, headers: { 'content-type': 'application/vnd.api+json', [WEBHOOK_SECRET_HEADER]: secret } };
}

const RESOURCE_OBJECT_MEMBERS = new Set(['id', 'type', 'attributes', 'relationships', 'links', 'meta']);

// A plain boolean: the type guard would narrow a TestWebhookResource to `never` on one side.
function isFlattened(value: unknown): boolean {
  return isFlattenedResource(value);
}

function isResourceObject(resource: TestWebhookResource): boolean {
  if (isFlattened(resource)) return false;
  const keys = Object.keys(resource);
  return keys.every((key) => RESOURCE_OBJECT_MEMBERS.has(key)) && (isObject(resource.attributes) || isObject(resource.relationships));
}

type Identifier = { type: string; id: string };

function toResourceObject(resource: TestWebhookResource): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  const relationships: Record<string, unknown> = {};
  for (const key of Object.keys(resource)) {
    if (key === 'id' || key === 'type') continue;
    const value = resource[key];
    if (value === undefined) continue;
    const linkage = asLinkage(value);
    define(linkage === undefined ? attributes : relationships, key, linkage === undefined ? value : { data: linkage });
  }
  // A flattened resource keeps relationships the server sent with links only, and resource meta/links.
  if (isFlattened(resource)) {
    const members: Readonly<Record<string, object>> = (resource as FlattenedResource)[RELATIONSHIPS] ?? {};
    for (const name of Object.keys(members)) {
      const existing = relationships[name] as Record<string, unknown> | undefined;
      define(relationships, name, { ...members[name], ...existing });
    }
  }
  const out: Record<string, unknown> = { id: resource.id, type: resource.type, attributes };
  if (Object.keys(relationships).length > 0) out.relationships = relationships;
  const meta = getMeta(resource);
  const links = getLinks(resource);
  if (meta !== undefined) out.meta = meta;
  if (links !== undefined) out.links = links;
  return out;
}

function asLinkage(value: unknown): Identifier | Identifier[] | undefined {
  if (isIdentifierLike(value)) return { type: value.type, id: value.id };
  if (Array.isArray(value) && value.length > 0 && value.every(isIdentifierLike)) {
    return value.map((item: Identifier) => ({ type: item.type, id: item.id }));
  }
  return undefined;
}

function isIdentifierLike(value: unknown): value is Identifier {
  if (isFlattened(value)) return true;
  return isObject(value) && typeof value.id === 'string' && typeof value.type === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
