// Every resource of the API in one table. Adding a resource is one row here plus its spec:
// the client, its types (from generated/), the coverage report and the contract suite
// all read this table.
export type MethodName = 'list' | 'retrieve' | 'create' | 'update' | 'delete';

export interface ResourceDefinition {
  /** The JSON:API `type` of the resource. */
  readonly type: string;
  /** The collection path in the spec, e.g. `/flow-runs`. */
  readonly collectionPath: string;
  /** The item path in the spec, e.g. `/flow-runs/{id}`. */
  readonly itemPath: string;
  /** The operations the API documents for it, and only those. */
  readonly methods: readonly MethodName[];
  /** Relationships that create/update may set, with the type each points at. */
  readonly writableRelationships?: Readonly<Record<string, string>>;
}

export const RESOURCES = {
  flowRuns: {
    type: 'flowRuns',
    collectionPath: '/flow-runs',
    itemPath: '/flow-runs/{id}',
    methods: ['list', 'retrieve', 'create', 'update', 'delete'],
  },
  // --- group A rows ---
  // --- end group A rows ---
  // --- group B rows ---
  // --- end group B rows ---
} as const satisfies Record<string, ResourceDefinition>;

export type ResourceName = keyof typeof RESOURCES;

/** Which HTTP method and path each SDK method calls. */
export const METHOD_ROUTES = {
  list: { http: 'get', at: 'collectionPath' },
  create: { http: 'post', at: 'collectionPath' },
  retrieve: { http: 'get', at: 'itemPath' },
  update: { http: 'patch', at: 'itemPath' },
  delete: { http: 'delete', at: 'itemPath' },
} as const satisfies Record<MethodName, { http: string; at: 'collectionPath' | 'itemPath' }>;
