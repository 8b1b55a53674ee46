// One implementation of list/iterate/retrieve/create/update/delete for every resource,
// driven by its row in the resource table, plus the row's actions (its other documented
// calls). Each resource object gets only the methods its row lists, so an undocumented
// method does not exist at run time either.
import { InvalidRequestError, ResponseParseError } from '../errors';
import { deserialize } from '../jsonapi/deserialize';
import { iteratePages, Page, type IterateOptions, type ListMeta, type PageResult } from '../jsonapi/pagination';
import { serializeQuery } from '../jsonapi/query';
import { serializeResource } from '../jsonapi/serialize';
import { serializePath } from '../transport/path';
import type { Transport } from '../transport/transport';
import { HELPERS } from './helpers';
import { METHOD_ROUTES, RESOURCES, type ActionDefinition, type MethodName, type ResourceDefinition, type ResourceName } from './table';
import type { ListParams, RequestOptions, ResourceClient, ResourceMethods, ResourceOf, RetrieveParams } from './types';

export interface ResourceContext {
  /** The API root, without a trailing slash. */
  baseUrl: string;
  transport: Transport;
}

interface CallInit {
  id?: string;
  query?: object;
  body?: object;
}

interface SendInit {
  pathParams?: Record<string, unknown>;
  query?: object;
  body?: unknown;
  /** `false` for an action whose success body is plain JSON (transport `RouteDescription.jsonApi`). */
  jsonApi?: boolean;
}

export function createResourceClient<N extends ResourceName>(name: N, context: ResourceContext): ResourceClient<N> {
  const definition: ResourceDefinition = RESOURCES[name];
  const type = definition.type ?? name;

  /**
   * One request of a resource method or an action, sent and read by the transport (typed
   * errors, JSON:API check). The URL is built as `recrubo.raw` builds it, with the same path
   * and query serializers, but without openapi-fetch's Request: the table holds the paths as
   * data, so its per-path types would add nothing here, and its Request costs on every call.
   */
  async function send(http: string, path: string, init: SendInit, options: RequestOptions | undefined): Promise<unknown> {
    const pathname = init.pathParams === undefined ? path : serializePath(path, init.pathParams);
    const query = serializeQuery(init.query as Record<string, unknown> | undefined);
    const url = `${context.baseUrl}${pathname}${query === '' ? '' : `?${query}`}`;
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    return context.transport.call({ method: http, path, jsonApi: init.jsonApi }, { url, body }, options);
  }

  async function call(method: MethodName, init: CallInit, options: RequestOptions | undefined): Promise<unknown> {
    const route = METHOD_ROUTES[method];
    const path = definition[route.at];
    if (path === undefined) throw new Error(`The resource table gives ${name} the method ${method} but no ${route.at}.`);
    // Item routes always get their path params: without them openapi-fetch would send the literal `{id}`.
    return send(route.http, path, { pathParams: route.at === 'itemPath' ? { id: init.id } : undefined, query: init.query, body: init.body }, options);
  }

  function single(document: unknown): ResourceOf<N> {
    const { data } = deserialize(document);
    if (data === null || Array.isArray(data)) {
      throw new ResponseParseError(`Expected one ${type} resource in /data, got ${data === null ? 'null' : 'an array'}.`, { pointer: '/data' });
    }
    return data as ResourceOf<N>;
  }

  function listPage(document: unknown): PageResult<ResourceOf<N>> {
    const { data, meta, links } = deserialize(document);
    if (!Array.isArray(data)) throw new ResponseParseError(`Expected a list of ${type} in /data.`, { pointer: '/data' });
    if (!isListMeta(meta)) {
      throw new ResponseParseError('Expected list meta { total, totalUnfiltered, currentSize, currentPage, maxPage } in /meta.', { pointer: '/meta' });
    }
    return { data: data as ResourceOf<N>[], meta, links };
  }

  function pageFetcher(params: ListParams<N> | undefined, options: RequestOptions | undefined) {
    return async (pageNumber: number, signal?: AbortSignal): Promise<PageResult<ResourceOf<N>>> => {
      const query = { ...params, page: { ...params?.page, number: pageNumber } };
      const callOptions = signal && !options?.signal ? { ...options, signal } : options;
      return listPage(await call('list', { query }, callOptions));
    };
  }

  const methods: ResourceMethods<N> = {
    async list(params, options) {
      const fetchPage = pageFetcher(params, options);
      const first = listPage(await call('list', { query: params }, options));
      return new Page(first, fetchPage);
    },
    iterate(params, options) {
      const { maxPages, readAhead, ...listParams } = (params ?? {}) as ListParams<N> & IterateOptions;
      const fetchPage = pageFetcher(listParams as ListParams<N>, options);
      return iteratePages(fetchPage, listParams.page?.number ?? 1, { maxPages, readAhead });
    },
    async retrieve(id, params?: RetrieveParams<N>, options?) {
      return single(await call('retrieve', { id, query: params }, options));
    },
    async create(params, options) {
      const body = serializeResource(params, { type, relationships: definition.writableRelationships });
      // `query` holds the POST's documented query flags (e.g. `sync`); the rest are call options.
      const { query, ...callOptions } = (options ?? {}) as RequestOptions & { query?: object };
      return single(await call('create', { body, query }, options === undefined ? undefined : callOptions));
    },
    async update(id, params, options) {
      const body = serializeResource(params, { type, id, relationships: definition.writableRelationships });
      return single(await call('update', { id, body }, options));
    },
    async delete(id, options) {
      await call('delete', { id }, options);
    },
  };

  // An action's arguments: its path parameters in order, then its body (if it has one), then the call options.
  function action(actionName: string, route: ActionDefinition) {
    return async (...args: unknown[]): Promise<unknown> => {
      const pathParams: Record<string, unknown> = {};
      route.pathParams.forEach((param, index) => {
        pathParams[param] = args[index];
      });
      let next = route.pathParams.length;
      const body = route.body === 'json' ? args[next++] : undefined;
      if (route.body === 'json' && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        throw new InvalidRequestError(`${actionName}() expects an object of parameters after its ${route.pathParams.length} path parameter(s).`);
      }
      const options = args[next] as RequestOptions | undefined;
      const pathInit = route.pathParams.length > 0 ? pathParams : undefined;
      const document = await send(route.http, route.path, { pathParams: pathInit, body, jsonApi: route.returns === 'resource' }, options);
      return route.returns === 'resource' ? single(document) : document;
    };
  }

  const exposed: Record<string, unknown> = {};
  for (const method of definition.methods) {
    exposed[method] = methods[method];
    if (method === 'list') exposed.iterate = methods.iterate;
  }
  for (const [actionName, route] of Object.entries(definition.actions ?? {})) exposed[actionName] = action(actionName, route);
  const helpers = (HELPERS as Record<string, ((client: never) => object) | undefined>)[name];
  if (helpers) Object.assign(exposed, helpers(exposed as never));
  return Object.freeze(exposed) as ResourceClient<N>;
}

function isListMeta(meta: unknown): meta is ListMeta {
  if (typeof meta !== 'object' || meta === null) return false;
  const m = meta as Record<string, unknown>;
  return ['total', 'totalUnfiltered', 'currentSize', 'currentPage', 'maxPage'].every((k) => Number.isInteger(m[k]));
}
