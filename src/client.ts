// The `Recrubo` client: one openapi-fetch client over the SDK transport, and one
// resource client per row of the resource table.
import createClient, { type Client } from 'openapi-fetch';
import { ConfigurationError } from './errors';
import { serializeQuery } from './jsonapi/query';
import { DEFAULTS, type RecruboOptions } from './options';
import { createResourceClient } from './resources/resource-client';
import type { ResourceClient } from './resources/types';
import type { paths } from './spec-types';
import { serializePath } from './transport/path';
import { createTransport, type FetchLike } from './transport/transport';

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

export class Recrubo {
  /** FlowRuns: start a Flow on a MessageThread and follow its status, state and cost. */
  readonly flowRuns: ResourceClient<'flowRuns'>;
  /**
   * The typed openapi-fetch client, for anything the resource methods lack. It shares the
   * SDK's transport (auth, media type, timeouts) and query serializer; it returns
   * openapi-fetch's `{ data, error, response }` instead of throwing on HTTP errors.
   */
  readonly raw: Client<paths>;

  constructor(options: RecruboOptions) {
    if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new ConfigurationError('An apiKey is required: new Recrubo({ apiKey: process.env.RECRUBO_API_KEY }).');
    }
    const baseUrl = validBaseUrl(options.baseUrl ?? DEFAULTS.baseUrl);
    const userFetch = options.fetch;
    // Looked up per call, so that interceptors installed after the client was built still apply.
    const fetch: FetchLike = userFetch ?? ((request) => globalThis.fetch(request));
    const transport = createTransport({
      apiKey: options.apiKey,
      fetch,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
    });
    this.raw = createClient<paths>({
      baseUrl,
      fetch: transport.fetch,
      querySerializer: serializeQuery,
      pathSerializer: serializePath,
    });
    const context = { raw: this.raw, transport };
    this.flowRuns = createResourceClient('flowRuns', context);
  }
}
