// The `Recrubo` client: one resource client per row of the resource table (namespaced rows
// under their namespace, e.g. `recrubo.management.organizations`), and `raw`, an openapi-fetch
// client; both over the one SDK transport (auth, retries, deadline, size cap) and the same
// path and query serializers.
import type { Client } from 'openapi-fetch';
import { ConfigurationError } from './errors';
import { serializeQuery } from './jsonapi/query';
import { DEFAULTS, type RecruboOptions } from './options';
import { createRawClient } from './raw/raw-client';
import { createResourceClient } from './resources/resource-client';
import { accessorOf, RESOURCES, type ResourceName } from './resources/table';
import type { ResourceClients } from './resources/types';
import type { paths } from './spec-types';
import { serializePath } from './transport/path';
import { createTransport } from './transport/transport';
import { createResponseValidation } from './transport/validation';

function validBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`baseUrl is not an absolute URL: "${baseUrl}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigurationError(`baseUrl must use http or https, got ${url.protocol}`);
  if (url.username || url.password) throw new ConfigurationError('baseUrl must not contain credentials: pass the key as apiKey.');
  return baseUrl.replace(/\/+$/, '');
}

/** One property per resource of the table, named by its JSON:API type (`flowRuns`, …); `management` groups the partner-key routes. */
export type { ResourceClients };

// Declaration merging gives the class one typed property per table row without listing them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Recrubo extends ResourceClients {}

function validKey(key: unknown, name: string): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.trim() === '' || /[\s]/.test(key)) {
    // The value itself is never echoed: it may be a real key with a stray newline.
    throw new ConfigurationError(`${name} must be a non-empty string without whitespace.`);
  }
  return key;
}

export class Recrubo {
  /**
   * The typed openapi-fetch client, for anything the resource methods lack. It shares the
   * SDK's transport (auth, media type, timeouts) and query serializer; it returns
   * openapi-fetch's `{ data, error, response }` instead of throwing on HTTP errors.
   */
  readonly raw: Client<paths>;

  constructor(options: RecruboOptions) {
    const credentials = { organization: validKey(options?.apiKey, 'apiKey'), partner: validKey(options?.partnerKey, 'partnerKey') };
    if (credentials.organization === undefined && credentials.partner === undefined) {
      throw new ConfigurationError('A key is required: new Recrubo({ apiKey: process.env.RECRUBO_API_KEY }) (or partnerKey for management routes).');
    }
    const baseUrl = validBaseUrl(options.baseUrl ?? DEFAULTS.baseUrl);
    const transport = createTransport({
      credentials,
      // Undefined: globalThis.fetch, looked up per call, so that interceptors installed after the client was built still apply.
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      clock: options.clock,
      validation: createResponseValidation(options.validateResponses ?? DEFAULTS.validateResponses, options.onResponseDrift),
    });
    this.raw = createRawClient({
      baseUrl,
      fetch: transport.fetch,
      querySerializer: serializeQuery,
      pathSerializer: serializePath,
    });
    const context = { baseUrl, transport };
    const namespaces = new Map<string, Record<string, unknown>>();
    for (const name of Object.keys(RESOURCES) as ResourceName[]) {
      const client = createResourceClient(name, context);
      const [first, second] = accessorOf(name);
      if (second === undefined) {
        Object.defineProperty(this, first, { value: client, enumerable: true });
      } else {
        if (!namespaces.has(first)) namespaces.set(first, {});
        (namespaces.get(first) as Record<string, unknown>)[second] = client;
      }
    }
    for (const [namespace, clients] of namespaces) {
      Object.defineProperty(this, namespace, { value: Object.freeze(clients), enumerable: true });
    }
  }
}
