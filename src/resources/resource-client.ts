// One implementation of list/iterate/retrieve/create/update/delete for every resource,
// driven by its row in the resource table. Each resource object gets only the methods
// its row lists, so an undocumented method does not exist at run time either.
import type { Client } from 'openapi-fetch';
import { ResponseParseError } from '../errors';
import { deserialize } from '../jsonapi/deserialize';
import { iteratePages, Page, type IterateOptions, type ListMeta, type PageResult } from '../jsonapi/pagination';
import { serializeResource } from '../jsonapi/serialize';
import type { paths } from '../spec-types';
import type { Transport } from '../transport/transport';
import { parseJsonBody, type TextResult } from '../transport/response';
import { METHOD_ROUTES, RESOURCES, type MethodName, type ResourceDefinition, type ResourceName } from './table';
import type { ListParams, RequestOptions, ResourceClient, ResourceMethods, ResourceOf, RetrieveParams } from './types';

export interface ResourceContext {
  raw: Client<paths>;
  transport: Transport;
}

interface CallInit {
  id?: string;
  query?: object;
  body?: object;
}

// openapi-fetch's `request` is typed per literal path; the table holds the paths as data,
// so this one call site goes through an untyped view of the same function.
type UntypedRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<TextResult>;

export function createResourceClient<N extends ResourceName>(name: N, context: ResourceContext): ResourceClient<N> {
  const definition: ResourceDefinition = RESOURCES[name];
  const request = context.raw.request as unknown as UntypedRequest;

  async function call(method: MethodName, init: CallInit, options: RequestOptions | undefined): Promise<unknown> {
    const route = METHOD_ROUTES[method];
    const path = definition[route.at];
    const result = await request(route.http, path, {
      params: { path: init.id === undefined ? undefined : { id: init.id }, query: init.query },
      body: init.body,
      parseAs: 'text',
      signal: options?.signal,
      fetch: context.transport.forCall(options),
    });
    const description = context.transport.requestOf(result.response) ?? { method: route.http.toUpperCase(), url: result.response.url || path };
    return parseJsonBody(result, description);
  }

  function single(document: unknown): ResourceOf<N> {
    const { data } = deserialize(document);
    if (data === null || Array.isArray(data)) {
      throw new ResponseParseError(`Expected one ${definition.type} resource in /data, got ${data === null ? 'null' : 'an array'}.`, { pointer: '/data' });
    }
    return data as ResourceOf<N>;
  }

  function listPage(document: unknown): PageResult<ResourceOf<N>> {
    const { data, meta, links } = deserialize(document);
    if (!Array.isArray(data)) throw new ResponseParseError(`Expected a list of ${definition.type} in /data.`, { pointer: '/data' });
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
      const body = serializeResource(params, { type: definition.type, relationships: definition.writableRelationships });
      return single(await call('create', { body }, options));
    },
    async update(id, params, options) {
      const body = serializeResource(params, { type: definition.type, id, relationships: definition.writableRelationships });
      return single(await call('update', { id, body }, options));
    },
    async delete(id, options) {
      await call('delete', { id }, options);
    },
  };

  const exposed: Record<string, unknown> = {};
  for (const method of definition.methods) {
    exposed[method] = methods[method];
    if (method === 'list') exposed.iterate = methods.iterate;
  }
  return Object.freeze(exposed) as ResourceClient<N>;
}

function isListMeta(meta: unknown): meta is ListMeta {
  if (typeof meta !== 'object' || meta === null) return false;
  const m = meta as Record<string, unknown>;
  return ['total', 'totalUnfiltered', 'currentSize', 'currentPage', 'maxPage'].every((k) => Number.isInteger(m[k]));
}
