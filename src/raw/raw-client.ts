// `recrubo.raw`: openapi-fetch's typed client, created on its first use. The resource methods
// build their requests themselves (resource-client.ts), so openapi-fetch is needed only by
// code that calls `raw`; loading it then keeps it out of the core bundle (docs/benchmarks.md).
// Every method of openapi-fetch's Client is here: the calls wait for the client (at once in
// CommonJS, after an import() in ESM), and `use`/`eject` are replayed onto it in order.
import type { Client, ClientOptions, Middleware } from 'openapi-fetch';
import type { paths } from '../spec-types';
import { loadOpenapiFetch, type CreateClient } from './openapi-fetch-loader';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

type AnyCall = (...args: unknown[]) => Promise<unknown>;

export function createRawClient(options: ClientOptions): Client<paths> {
  let client: Client<paths> | undefined;
  let loading: Promise<Client<paths>> | undefined;
  /** `use` and `eject` calls made before the client exists, in order. */
  const pending: [op: 'use' | 'eject', middleware: Middleware[]][] = [];

  function made(create: CreateClient): Client<paths> {
    if (client === undefined) {
      client = create<paths>(options);
      for (const [op, middleware] of pending.splice(0)) client[op](...middleware);
    }
    return client;
  }

  function ready(): Client<paths> | Promise<Client<paths>> {
    if (client !== undefined) return client;
    if (loading !== undefined) return loading;
    const create = loadOpenapiFetch();
    if (!(create instanceof Promise)) return made(create);
    loading = create.then(made);
    return loading;
  }

  const call =
    (name: (typeof METHODS)[number] | 'request'): AnyCall =>
    (...args) => {
      const target = ready();
      return target instanceof Promise ? target.then((c) => (c[name] as AnyCall)(...args)) : (target[name] as AnyCall)(...args);
    };

  const raw: Record<string, unknown> = { request: call('request') };
  for (const method of METHODS) raw[method] = call(method);
  for (const op of ['use', 'eject'] as const) {
    raw[op] = (...middleware: Middleware[]): void => {
      if (client !== undefined) return client[op](...middleware);
      // openapi-fetch refuses a malformed middleware when it is added: so do we, before it exists.
      if (op === 'use' && middleware.some((m) => m && (typeof m !== 'object' || !('onRequest' in m || 'onResponse' in m || 'onError' in m)))) {
        throw new Error('Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`');
      }
      pending.push([op, middleware]);
      // CommonJS: creates the client now, replaying `pending`. ESM: starts the import; a
      // failure to load surfaces on the next call instead of as an unhandled rejection.
      const target = ready();
      if (target instanceof Promise) target.catch(() => undefined);
    };
  }
  return Object.freeze(raw) as unknown as Client<paths>;
}
