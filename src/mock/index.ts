// recrubo-sdk/mock: a stateful Recrubo API on 127.0.0.1, for development and tests without an
// account. Driven entirely by the spec the SDK is generated from (generated/recrubo.bundled.json)
// and checked with the same validators. Node only; never imported by the core entry.
import type { GeneratedValidateFunction } from '../../generated/validators';
import { createBehaviors, DEFAULT_TIMING, type MockTiming } from './behaviors';
import { realClock, type ManualClock, type MockClock } from './clock';
import { MockEngine, type Change } from './engine';
import { FaultInjector, type FaultRule } from './faults';
import { createIdGenerator } from './ids';
import { renderResource } from './render';
import { createRequestValidators } from './request-validators';
import { seedStore, type MockSeed } from './seed';
import { createHandler, listen, type MockRequestRecord, type MockResponseViolation } from './server';
import { BASE_PATH, buildSpecModel, type Json, type SpecModel } from './spec-model';
import { MockStore, type StoredResource } from './store';
import { WebhookDispatcher, type WebhookDelivery, type WebhookTarget } from './webhooks';

export { createManualClock, realClock, type ManualClock, type MockClock } from './clock';
export { DEFAULT_TIMING, type MockTiming } from './behaviors';
export { parseFaultScript, FAULT_HEADER, type FaultRule, type FaultStep } from './faults';
export type { MockSeed } from './seed';
export type { MockRequestRecord, MockResponseViolation } from './server';
export type { MockStore, StoredResource, Linkage } from './store';
export type { WebhookDelivery } from './webhooks';

export interface MockServerOptions {
  /** Port on `host`. Default `0`: any free port (read it from `url`). */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** The organization's `webhookUrl`: where changes are delivered. Default: none (nothing is delivered until one is set, e.g. by PATCH /organizations/{id}). */
  webhookUrl?: string;
  /** The organization's `webhookSecret`, sent as `X-Recrubo-Webhook-Secret` on every delivery. Default: none. */
  webhookSecret?: string;
  /** Initial contents: `'examples'` (the spec's documented examples, default), `'empty'`, or `{ resources }`. */
  seed?: MockSeed;
  /** Seed of the id generator: the same seed gives the same ids and tokens. Default `0x5eed`. */
  randomSeed?: number;
  /** Time source of timestamps, the FlowRun lifecycle and redeliveries. Default: the real clock. Pass `createManualClock()` and move it with `advance()`. */
  clock?: MockClock;
  /** How long background work takes (FlowRun lifecycle, generations, analyses). Default `DEFAULT_TIMING`. */
  timing?: Partial<MockTiming>;
  /** Strict keys: the organization key (the seeded organization's `token`). Default: none (any key is accepted). */
  apiKey?: string;
  /** Strict keys: the partner key of the `/management/…` routes. Default: none (any key is accepted). */
  partnerKey?: string;
  /** `'all'` (default): every change is delivered (to subscribed webhooks, else to the organization's `webhookUrl`). `'subscribed'`: only changes a Webhook (POST /webhooks) subscribes to. */
  webhooks?: 'all' | 'subscribed';
  /** Delays before redelivery 1..5 of a failed webhook, in mock-clock ms. Default 1 s, 5 s, 30 s, 2 min, 10 min. */
  webhookRetryDelaysMs?: readonly number[];
  /** Faults for the next matching requests (see `faults.ts`; also `X-Mock-Fault` per request). Default none. */
  faults?: readonly FaultRule[];
  /** Latency added to every request, in real ms. Default `0`. */
  latencyMs?: number;
  /** Check every response against the spec (recorded in `responseViolations`). Default `true`. */
  checkResponses?: boolean;
  /** Largest request body, in bytes (413 beyond). Default 1 MiB. */
  maxBodyBytes?: number;
  /** Receives one line per request and per webhook delivery attempt. Default: silent. */
  log?: (line: string) => void;
}

export interface MockServer {
  /** Base URL of the API, `http://127.0.0.1:<port>/public/v2`: pass it as the SDK's `baseUrl`. */
  readonly url: string;
  readonly port: number;
  /** The in-memory store (read it in tests; write through the API). */
  readonly store: MockStore;
  /** The caller's organization: its id, name and `token` (an organization key in strict mode). */
  organization(): { id: string; name: string; token: string | null };
  /** Every request answered, in order. */
  readonly requests: readonly MockRequestRecord[];
  /** Requests refused because they depart from the spec (400, 406, 413, 415, 422). */
  rejections(): MockRequestRecord[];
  /** Responses that departed from the spec (should stay empty). */
  readonly responseViolations: readonly MockResponseViolation[];
  /** Every webhook delivery (with its attempts), in order. */
  readonly deliveries: readonly WebhookDelivery[];
  /** Faults for the next requests. */
  readonly faults: FaultInjector;
  /** Where the request validators come from: `generated` or `compiled`. */
  readonly validatorSource: 'generated';
  /** With a manual clock: moves it forward, then waits until the webhooks it caused are delivered. */
  advance?(ms: number): Promise<void>;
  /** Waits until no webhook delivery is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

let cachedModel: SpecModel | undefined;
function specModel(): SpecModel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cachedModel ??= buildSpecModel(require('../../generated/recrubo.bundled.json') as Json);
  return cachedModel;
}

function isManual(clock: MockClock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === 'function';
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const model = specModel();
  const clock = options.clock ?? realClock;
  const ids = createIdGenerator(options.randomSeed ?? 0x5eed);
  const store = new MockStore();
  const timing: MockTiming = { ...DEFAULT_TIMING, ...options.timing };
  const log = options.log;
  const dispatcher = new WebhookDispatcher({
    clock,
    ids,
    retryDelaysMs: options.webhookRetryDelaysMs,
    onDelivery: (d) => log?.(`webhook ${d.event} ${d.resourceType} ${d.resourceId} → ${d.url}: ${d.lastStatus ?? d.lastError ?? '?'} (attempt ${d.attempts}, ${d.state})`),
  });
  const deliverAll = (options.webhooks ?? 'all') === 'all';
  let engine: MockEngine;

  function targets(change: Change): WebhookTarget[] {
    const organization = engine.store.get('organizations', engine.organizationId() ?? '');
    const fallbackUrl = typeof organization?.attributes.webhookUrl === 'string' ? organization.attributes.webhookUrl : undefined;
    const secret = typeof organization?.attributes.webhookSecret === 'string' ? organization.attributes.webhookSecret : null;
    const matching = engine.store.all('webhooks').filter((webhook) => {
      const a = webhook.attributes;
      if (a.resource !== change.resource.type || a.event !== change.event) return false;
      return change.event !== 'update' || !Array.isArray(a.fields) || a.fields.some((f) => change.fields?.includes(String(f)));
    });
    const out: WebhookTarget[] = [];
    for (const webhook of matching) {
      const url = typeof webhook.attributes.webhookUrl === 'string' ? webhook.attributes.webhookUrl : fallbackUrl;
      if (url !== undefined) out.push({ url, secret, webhookId: webhook.id });
    }
    if (matching.length === 0 && deliverAll && fallbackUrl !== undefined) out.push({ url: fallbackUrl, secret, webhookId: undefined });
    return out;
  }

  engine = new MockEngine({
    model,
    store,
    clock,
    ids,
    behaviors: createBehaviors(timing),
    onChange(change) {
      const found = targets(change);
      if (found.length === 0) return;
      // The resource as it is now, with its linkage (a payload has no `included`) and without the key.
      const resource = renderResource(engine, change.resource, new Set(model.resources.get(change.resource.type)?.relationships.keys()), { hide: new Set(['token']) });
      dispatcher.send(found, { event: change.event, fields: change.fields, resource });
    },
  });

  seedStore(engine, options.seed ?? 'examples');
  let organization: StoredResource | undefined = store.get('organizations', engine.organizationId() ?? '');
  if (!organization) organization = engine.create('organizations', { attributes: { name: 'Mock organization' } }, { seeding: true });
  engine.setOrganization(organization.id);
  if (options.apiKey !== undefined) organization.attributes.token = options.apiKey;
  if (options.webhookUrl !== undefined) organization.attributes.webhookUrl = options.webhookUrl;
  if (options.webhookSecret !== undefined) organization.attributes.webhookSecret = options.webhookSecret;
  if (engine.violations.length > 0) {
    log?.(`[recrubo-mock] ${engine.violations.length} seeded resource(s) depart from the spec: ${engine.violations.map((v) => `${v.type} ${v.id}`).join(', ')}`);
  }

  const records: MockRequestRecord[] = [];
  const responseViolations: MockResponseViolation[] = [];
  const validators = createRequestValidators(model);
  const faults = new FaultInjector(options.faults);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const responseValidators = options.checkResponses === false ? undefined : (require('../../generated/validators') as { validators: Record<string, GeneratedValidateFunction> }).validators;
  const handler = createHandler({
    engine,
    validators,
    responseValidators,
    faults,
    keys: { apiKey: options.apiKey, partnerKey: options.partnerKey },
    latencyMs: options.latencyMs ?? 0,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    records,
    responseViolations,
    log,
  });
  const listening = await listen(handler, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${listening.port}${BASE_PATH}`;

  const server: MockServer = {
    url,
    port: listening.port,
    store,
    requests: records,
    responseViolations,
    deliveries: dispatcher.deliveries,
    faults,
    validatorSource: validators.source,
    organization() {
      const current = store.get('organizations', engine.organizationId() ?? '');
      const attributes = current?.attributes ?? {};
      return { id: current?.id ?? '', name: String(attributes.name ?? ''), token: typeof attributes.token === 'string' ? attributes.token : null };
    },
    rejections: () => records.filter((r) => r.rejection === 'validation'),
    idle: () => dispatcher.idle(),
    async close() {
      engine.stop();
      dispatcher.close();
      await listening.close();
    },
  };
  if (isManual(clock)) {
    server.advance = async (ms: number) => {
      // In steps, so that deliveries caused by one change finish before the next timer fires.
      const step = Math.max(1, Math.min(ms, 50));
      for (let moved = 0; moved < ms; moved += step) {
        clock.advance(Math.min(step, ms - moved));
        await dispatcher.idle();
      }
    };
  }
  return server;
}
