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

export const RESOURCES = {
  flowRuns: {
    type: 'flowRuns',
    collectionPath: '/flow-runs',
    itemPath: '/flow-runs/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
  },
  candidates: {
    type: 'candidates',
    collectionPath: '/candidates',
    itemPath: '/candidates/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { candidateStatus: 'candidateStatuses' },
  },
  conversations: {
    type: 'conversations',
    collectionPath: '/conversations',
    itemPath: '/conversations/{id}',
    methods: ['list', 'retrieve', 'update'],
  },
  flows: {
    type: 'flows',
    collectionPath: '/flows',
    itemPath: '/flows/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
  },
  flowGenerations: {
    type: 'flowGenerations',
    collectionPath: '/flow-generations',
    itemPath: '/flow-generations/{id}',
    methods: ['list', 'retrieve', 'create', 'delete'],
  },
  messages: {
    type: 'messages',
    collectionPath: '/messages',
    itemPath: '/messages/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { messageThread: 'messageThreads' },
  },
  messageTemplates: {
    type: 'messageTemplates',
    collectionPath: '/message-templates',
    itemPath: '/message-templates/{id}',
    methods: ['list', 'retrieve', 'create', 'delete'],
  },
  messageThreads: {
    type: 'messageThreads',
    collectionPath: '/message-threads',
    itemPath: '/message-threads/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { candidate: 'candidates' },
  },
  nodes: {
    type: 'nodes',
    collectionPath: '/nodes',
    itemPath: '/nodes/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { flow: 'flows' },
  },
  nodeActions: {
    type: 'nodeActions',
    collectionPath: '/node-actions',
    itemPath: '/node-actions/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { node: 'nodes' },
  },
  nodeTransitions: {
    type: 'nodeTransitions',
    collectionPath: '/node-transitions',
    itemPath: '/node-transitions/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { node: 'nodes', exitNode: 'nodes' },
  },
  vacancies: {
    type: 'vacancies',
    // Singular, as documented (ERRATA E-41).
    collectionPath: '/vacancy',
    itemPath: '/vacancy/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { locations: 'locations' },
  },
  vacancyAnalyses: {
    type: 'vacancyAnalyses',
    collectionPath: '/vacancy-analyses',
    itemPath: '/vacancy-analyses/{id}',
    methods: ['list', 'retrieve', 'create', 'delete'],
  },
  users: {
    type: 'users',
    collectionPath: '/users',
    itemPath: '/users/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
    writableRelationships: { candidates: 'candidates' },
  },
  atsFields: {
    type: 'ats-fields',
    collectionPath: '/ats-fields',
    itemPath: '/ats-fields/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
  },
  organizations: {
    type: 'organizations',
    collectionPath: '/organizations',
    itemPath: '/organizations/{id}',
    methods: ['list', 'retrieve', 'update'],
  },
  managementOrganizations: {
    type: 'organizations',
    namespace: 'management',
    property: 'organizations',
    collectionPath: '/management/organizations',
    itemPath: '/management/organizations/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
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
