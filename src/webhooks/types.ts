// The typed webhook event. The resource union is derived from the resource table, so a
// resource added to the SDK is a member of it (and a `case` of `switch (e.resource.type)`)
// without any change here.
import type { ResourceName } from '../resources/table';
import type { ResourceOf } from '../resources/types';
import type { components } from '../spec-types';

/** What happened to the resource: `create`, `update` or `delete` (ERRATA E-55). */
export type WebhookEventName = components['schemas']['WebhookEvent'];

/**
 * The resource of a delivery, flattened as `deserialize` does, as a union discriminated by its
 * JSON:API `type`: `switch (event.resource.type) { case 'flowRuns': event.resource.status … }`.
 */
export type WebhookResource = { [N in ResourceName]: ResourceOf<N> }[ResourceName];

/** The JSON:API types a webhook can deliver (`'flowRuns'`, `'candidates'`, …). */
export type WebhookResourceType = WebhookResource['type'];

/** The flattened resource of one JSON:API type, e.g. `WebhookResourceOf<'flowRuns'>`. */
export type WebhookResourceOf<T extends WebhookResourceType> = Extract<WebhookResource, { type: T }>;

/** One verified webhook delivery. */
export interface WebhookEvent<R extends WebhookResource = WebhookResource> {
  /**
   * The delivery id: the payload's `data.id`, the id of the WebhookLog that records this
   * delivery. A failed delivery is retried (5 times over 24 hours) with the same id, so the
   * same event can arrive more than once: de-duplicate on this id.
   */
  id: string;
  /** The Webhook subscription that fired; `undefined` when the payload leaves it out (ERRATA E-58). */
  webhookId: string | undefined;
  /** What happened: `create`, `update` or `delete`. */
  event: WebhookEventName;
  /** For `update`: the attributes that changed. `undefined` when the payload has none (or `null`). */
  fields: readonly string[] | undefined;
  /** The resource as it is after the event, flattened. Its relationships are `{ id, type }` identifiers (a payload has no `included`). */
  resource: R;
}

/** Headers as a Fetch `Headers` or a Node header object (`req.headers`): names in any case, values strings or arrays. */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | { readonly [name: string]: string | readonly string[] | number | undefined };

/** The raw body exactly as received: a string, a Buffer / Uint8Array, or an ArrayBuffer. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/**
 * The webhook secret set as the organization's `webhookSecret`. Give several while you rotate
 * it: a delivery that carries any one of them is accepted.
 */
export type WebhookSecret = string | readonly string[];
