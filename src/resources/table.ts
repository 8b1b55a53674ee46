// Every resource of the API in one table. Adding a resource is one row here plus its spec:
// the client, its types (from generated/), the coverage report and the contract suite
// all read this table.
export type MethodName = 'list' | 'retrieve' | 'create' | 'update' | 'delete';
export type HttpMethodName = 'get' | 'post' | 'patch' | 'delete';

/**
 * A documented call that is none of the five resource methods (e.g. refreshing an
 * organization's key). It becomes a method of the row's client, typed from its spec operation:
 * `(...pathParams, body?, options?) => result`.
 */
export interface ActionDefinition {
  readonly http: HttpMethodName;
  /** The path in the spec, e.g. `/management/refresh-token/{organizationId}`. */
  readonly path: string;
  /** The path's `{parameters}`, in the order the method takes them as leading string arguments. */
  readonly pathParams: readonly string[];
  /** `json`: the next argument is the request body, sent as it is (the spec types it). Absent: no body. */
  readonly body?: 'json';
  /** `resource`: the response is a JSON:API document, returned flattened. `json`: the parsed body, as it is. */
  readonly returns: 'resource' | 'json';
}

export interface ResourceDefinition {
  /** The JSON:API `type` of the resource (absent on a row that only holds actions). */
  readonly type?: string;
  /** The collection path in the spec, e.g. `/flow-runs` (list, create). */
  readonly collectionPath?: string;
  /** The item path in the spec, e.g. `/flow-runs/{id}` (retrieve, update, delete). */
  readonly itemPath?: string;
  /** The operations the API documents for it, and only those. */
  readonly methods: readonly MethodName[];
  /** Relationships that create/update may set, with the type each points at. */
  readonly writableRelationships?: Readonly<Record<string, string>>;
  /** Other documented calls, by method name. */
  readonly actions?: Readonly<Record<string, ActionDefinition>>;
  /**
   * Exposes the row as `recrubo.<namespace>.<property>` instead of `recrubo.<key>`, e.g. the
   * partner-key routes as `recrubo.management.organizations`. Both or neither.
   */
  readonly namespace?: string;
  readonly property?: string;
}

// Most rows are a type, a collection path with its `/{id}` item path, some methods and maybe
// writable relationships: built by `row` rather than written out, which keeps the table (in
// every browser bundle) small. Each row's type is as literal as `as const` would make it
// (the client's types read the paths and methods from it), and a row without writable
// relationships has no such key. `@__NO_SIDE_EFFECTS__` has esbuild mark each call pure, so
// bundlers can still drop the table when nothing uses it.
type Row<T extends string, P extends string, M extends readonly MethodName[], W> = {
  readonly type: T;
  readonly collectionPath: P;
  readonly itemPath: `${P}/{id}`;
  readonly methods: M;
} & ([W] extends [never] ? unknown : { readonly writableRelationships: W });

/* @__NO_SIDE_EFFECTS__ */
function row<const T extends string, const P extends string, const M extends readonly MethodName[], const W extends Readonly<Record<string, string>> = never>(
  type: T,
  collectionPath: P,
  methods: M,
  writableRelationships?: W,
): { [K in keyof Row<T, P, M, W>]: Row<T, P, M, W>[K] } {
  const definition: ResourceDefinition = { type, collectionPath, itemPath: `${collectionPath}/{id}`, methods };
  return (writableRelationships ? { ...definition, writableRelationships } : definition) as never;
}

// Method lists shared by the rows (read-only, like the whole table).
const ALL = ['list', 'retrieve', 'create', 'update', 'delete'] as const;
const NO_UPDATE = ['list', 'retrieve', 'create', 'delete'] as const;
const READ_UPDATE = ['list', 'retrieve', 'update'] as const;

export const RESOURCES = {
  flowRuns: row('flowRuns', '/flow-runs', ALL),
  candidates: row('candidates', '/candidates', ALL, { candidateStatus: 'candidateStatuses' }),
  conversations: row('conversations', '/conversations', READ_UPDATE),
  flows: row('flows', '/flows', ALL),
  flowGenerations: row('flowGenerations', '/flow-generations', NO_UPDATE),
  messages: row('messages', '/messages', ALL, { messageThread: 'messageThreads' }),
  messageTemplates: row('messageTemplates', '/message-templates', NO_UPDATE),
  messageThreads: row('messageThreads', '/message-threads', ALL, { candidate: 'candidates' }),
  nodes: row('nodes', '/nodes', ALL, { flow: 'flows' }),
  nodeActions: row('nodeActions', '/node-actions', ALL, { node: 'nodes' }),
  nodeTransitions: row('nodeTransitions', '/node-transitions', ALL, { node: 'nodes', exitNode: 'nodes' }),
  // Singular, as documented (ERRATA E-41).
  vacancies: row('vacancies', '/vacancy', ALL, { locations: 'locations' }),
  vacancyAnalyses: row('vacancyAnalyses', '/vacancy-analyses', NO_UPDATE),
  users: row('users', '/users', ALL, { candidates: 'candidates' }),
  atsFields: row('ats-fields', '/ats-fields', ALL),
  organizations: row('organizations', '/organizations', READ_UPDATE),
  managementOrganizations: {
    type: 'organizations',
    namespace: 'management',
    property: 'organizations',
    collectionPath: '/management/organizations',
    itemPath: '/management/organizations/{id}',
    methods: ALL,
    actions: {
      refreshToken: { http: 'post', path: '/management/refresh-token/{organizationId}', pathParams: ['organizationId'], returns: 'resource' },
    },
  },
  webhooks: {
    type: 'webhooks',
    collectionPath: '/webhooks',
    methods: ['create'],
  },
  embed: {
    methods: [],
    actions: {
      authenticate: { http: 'post', path: '/embed/authenticate', pathParams: [], body: 'json', returns: 'json' },
    },
  },
} as const satisfies Record<string, ResourceDefinition>;

export type ResourceName = keyof typeof RESOURCES;

/** Where a row's client lives on `Recrubo`: `['flowRuns']` or `['management', 'organizations']`. */
export function accessorOf(name: ResourceName): readonly [string] | readonly [string, string] {
  const definition: ResourceDefinition = RESOURCES[name];
  return definition.namespace !== undefined && definition.property !== undefined ? [definition.namespace, definition.property] : [name];
}

/** Which HTTP method and path each SDK method calls. */
export const METHOD_ROUTES = {
  list: { http: 'get', at: 'collectionPath' },
  create: { http: 'post', at: 'collectionPath' },
  retrieve: { http: 'get', at: 'itemPath' },
  update: { http: 'patch', at: 'itemPath' },
  delete: { http: 'delete', at: 'itemPath' },
} as const satisfies Record<MethodName, { http: string; at: 'collectionPath' | 'itemPath' }>;
