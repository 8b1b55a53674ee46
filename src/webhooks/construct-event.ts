// A delivery to a typed event: verify the secret first (nothing from an unverified body is
// parsed), then check the envelope member by member, then flatten the resource with the
// same `deserialize` the API responses go through.
import { ResponseParseError } from '../errors';
import { deserialize } from '../jsonapi/deserialize';
import { RESOURCES, type ResourceDefinition } from '../resources/table';
import { WebhookPayloadError } from './errors';
import { prepareSecrets, verifySecretHeader, type PreparedSecrets } from './secret';
import type { WebhookBody, WebhookEvent, WebhookEventName, WebhookHeaders, WebhookResource, WebhookSecret } from './types';

const EVENTS: readonly WebhookEventName[] = ['create', 'update', 'delete'];
// Every JSON:API type of the resource table: a resource added there is accepted here too.
const RESOURCE_TYPES: ReadonlySet<string> = new Set(
  Object.values(RESOURCES as Record<string, ResourceDefinition>).flatMap((row) => (row.type === undefined ? [] : [row.type])),
);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Verifies and parses one webhook delivery.
 *
 * 1. `X-Recrubo-Webhook-Secret` must equal `secret` (compared in constant time), else
 *    `WebhookVerificationError`. Pass several secrets while you rotate it.
 * 2. The body must be a webhook payload, else `WebhookPayloadError` with the JSON pointer of
 *    what is wrong.
 *
 * Pass the body exactly as received (a string or the raw bytes), not a parsed object: with
 * Express, `express.raw({ type: '*\/*' })` or `express.text({ type: '*\/*' })`; in a Fetch handler,
 * `await request.text()`. An empty secret is a `ConfigurationError`.
 *
 * The resource's attributes are not checked against the spec; its `type` must be one the SDK
 * knows (a type it does not know cannot be typed, so it is a `WebhookPayloadError`).
 *
 * @example
 * const event = constructWebhookEvent(body, req.headers, process.env.RECRUBO_WEBHOOK_SECRET!);
 * if (await alreadyHandled(event.id)) return; // redeliveries carry the same id
 * switch (event.resource.type) {
 *   case 'flowRuns': console.log(event.event, event.resource.status); break;
 * }
 */
export function constructWebhookEvent(rawBody: WebhookBody, headers: WebhookHeaders, secret: WebhookSecret): WebhookEvent {
  return verifyAndParse(rawBody, headers, prepareSecrets(secret, 'constructWebhookEvent'));
}

/** `constructWebhookEvent` with secrets checked once, at setup. */
export function verifyAndParse(rawBody: WebhookBody, headers: WebhookHeaders, secrets: PreparedSecrets): WebhookEvent {
  verifySecretHeader(headers, secrets);
  return parseWebhookBody(rawBody);
}

/**
 * The body of a delivery whose secret was already verified (the handlers check the header
 * before they read the body, so an unauthenticated client cannot make them read one).
 */
export function parseWebhookBody(rawBody: WebhookBody): WebhookEvent {
  return parsePayload(decodeBody(rawBody));
}

function decodeBody(rawBody: unknown): string {
  if (typeof rawBody === 'string') return rawBody;
  // `ArrayBuffer.isView` and the tag work across realms (jest, vm, iframes), `instanceof` does not.
  const bytes =
    ArrayBuffer.isView(rawBody) ? new Uint8Array(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength)
    : Object.prototype.toString.call(rawBody) === '[object ArrayBuffer]' ? new Uint8Array(rawBody as ArrayBuffer)
    : undefined;
  if (bytes === undefined) {
    throw new WebhookPayloadError(
      `Expected the raw body (a string, Buffer, Uint8Array or ArrayBuffer), got ${describe(rawBody)}. If a body parser already parsed it, give the webhook route the raw body instead (e.g. express.raw({ type: '*/*' })).`,
      { pointer: '' },
    );
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WebhookPayloadError(`The body (${bytes.byteLength} bytes) is not valid UTF-8 text, so it is not a JSON webhook payload.`, { pointer: '' });
  }
}

function parsePayload(text: string): WebhookEvent {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // The parser's message quotes the body; the body stays out of the error.
    throw new WebhookPayloadError(`The body (${text.length} characters) is not valid JSON, so it is not a webhook payload.`, { pointer: '' });
  }
  const root = expectObject(document, '', 'the payload (a JSON object with `data`)');
  const data = expectObject(root.data, '/data', '`data` (an object)');
  if (data.type !== 'webhookPayload') {
    const hint = typeof data.type === 'string' && RESOURCE_TYPES.has(data.type) ? ' This looks like a JSON:API response document, not a webhook delivery.' : '';
    payloadError('/data/type', `Expected \`data.type\` to be "webhookPayload", got ${describeValue(data.type)}.${hint}`);
  }
  if (typeof data.id !== 'string' || data.id === '') {
    payloadError('/data/id', `Expected \`data.id\` (the delivery's WebhookLog id) to be a non-empty string, got ${describeValue(data.id)}.`);
  }
  const attributes = expectObject(data.attributes, '/data/attributes', '`data.attributes` (an object)');
  const event = attributes.event;
  if (!EVENTS.includes(event as WebhookEventName)) {
    payloadError('/data/attributes/event', `Expected \`event\` to be one of ${EVENTS.join(', ')}, got ${describeValue(event)}.`);
  }
  const webhookId = attributes.webhookId;
  if (webhookId !== undefined && webhookId !== null && typeof webhookId !== 'string') {
    payloadError('/data/attributes/webhookId', `Expected \`webhookId\` to be a string when present, got ${describeValue(webhookId)}.`);
  }
  return {
    id: data.id,
    webhookId: webhookId ?? undefined,
    event: event as WebhookEventName,
    fields: parseFields(attributes.fields),
    resource: parseResource(attributes.resource),
  };
}

function parseFields(fields: unknown): readonly string[] | undefined {
  if (fields === undefined || fields === null) return undefined;
  if (!Array.isArray(fields)) payloadError('/data/attributes/fields', `Expected \`fields\` to be an array of attribute names, got ${describeValue(fields)}.`);
  fields.forEach((field: unknown, index) => {
    if (typeof field !== 'string') payloadError(`/data/attributes/fields/${index}`, `Expected each of \`fields\` to be an attribute name (a string), got ${describeValue(field)}.`);
  });
  return fields as string[];
}

const RESOURCE_POINTER = '/data/attributes/resource';

function parseResource(raw: unknown): WebhookResource {
  const resource = expectObject(raw, RESOURCE_POINTER, '`resource` (a JSON:API resource object)');
  const type = resource.type;
  if (typeof type !== 'string' || !RESOURCE_TYPES.has(type)) {
    const known = [...RESOURCE_TYPES].sort().join(', ');
    payloadError(
      `${RESOURCE_POINTER}/type`,
      typeof type === 'string'
        ? `The resource type ${describeValue(type)} is not one this version of the SDK knows (${known}). Update recrubo-sdk, or parse the body yourself with deserialize().`
        : `Expected the resource's \`type\` to be a JSON:API type (${known}), got ${describeValue(type)}.`,
    );
  }
  try {
    return deserialize({ data: resource }).data as unknown as WebhookResource;
  } catch (error) {
    if (!(error instanceof ResponseParseError)) throw error;
    // deserialize points into `{ data: resource }`: move its pointer under the payload's resource.
    const pointer = RESOURCE_POINTER + (error.pointer ?? '/data').replace(/^\/data/, '');
    const reason = error.message.replace(/^Invalid JSON:API document(?: at \S+)?: /, '').replace(/ Read this response through `recrubo\.raw`\.$/, '');
    throw new WebhookPayloadError(`The webhook's resource is not a valid JSON:API resource object at ${pointer}: ${reason}`, { pointer, cause: error });
  }
}

function expectObject(value: unknown, pointer: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    payloadError(pointer, `Expected ${what}${pointer === '' ? '' : ` at ${pointer}`}, got ${describeValue(value)}.`);
  }
  return value as Record<string, unknown>;
}

function payloadError(pointer: string, message: string): never {
  throw new WebhookPayloadError(`Not a Recrubo webhook payload: ${message}`, { pointer });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Short strings are quoted (types, event names); anything else is described by its kind only. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  return describe(value);
}
