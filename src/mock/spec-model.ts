// What the mock knows about the API, read from the bundled spec and nothing else: every
// operation (route, kind, key, body and query schemas, success status) and every resource
// type (attributes, which of them are read-only, relationships and the type each points at).
// A resource or an operation added to the spec is served without a change here.
export type Json = Record<string, unknown>;
export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';
export type OperationKind = 'list' | 'retrieve' | 'create' | 'update' | 'delete' | 'action';

export const MEDIA_TYPE = 'application/vnd.api+json';
/** Where the API lives under the server's origin, as in the spec's `servers`. */
export const BASE_PATH = '/public/v2';

const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'patch', 'delete'];

export interface QueryParameter {
  name: string;
  /** The parameter's schema, as the spec writes it (refs point into `#/components/schemas`). */
  schema: Json;
  required: boolean;
}

export interface SpecOperation {
  operationId: string;
  method: HttpMethod;
  /** The spec's path template, e.g. `/flow-runs/{id}`. */
  path: string;
  pattern: RegExp;
  pathParams: string[];
  kind: OperationKind;
  /** The JSON:API type the operation reads or writes; undefined for a non-JSON:API action. */
  type: string | undefined;
  /** The security scheme it requires (`organizationKey`, `partnerKey`). */
  security: string | undefined;
  successStatus: number;
  /** Every status the spec documents for it. */
  statuses: string[];
  /** `#/components/schemas/X` of the request body, and whether a body is required. */
  requestBody: { ref: string; required: boolean } | undefined;
  /** `#/components/schemas/X` of the success body; undefined for 204. */
  responseRef: string | undefined;
  /** Whether the success body is a JSON:API document (`data`/`meta`). */
  jsonApiResponse: boolean;
  query: Map<string, QueryParameter>;
  /** The include names the operation accepts (from its `include` parameter's enum). */
  includes: string[];
}

export interface RelationshipModel {
  name: string;
  /** The JSON:API type of the related resource(s). */
  target: string;
  many: boolean;
}

export interface ResourceModel {
  type: string;
  /** Component name of the resource object schema, e.g. `FlowRun`. */
  schemaName: string;
  /** Every attribute any variant of the resource can have, with its schema. */
  attributes: Map<string, Json>;
  readOnly: Set<string>;
  relationships: Map<string, RelationshipModel>;
  /** Whether a resource object must carry `relationships` (and so every declared one). */
  relationshipsRequired: boolean;
  /** Whether the schema declares a `relationships` member at all. */
  hasRelationships: boolean;
  /** Routes of the type, preferring the organization-key ones (used for links). */
  collectionPath: string | undefined;
  itemPath: string | undefined;
  /** Filterable fields by list operation id. */
  filters: Map<string, Set<string>>;
}

export interface SpecModel {
  spec: Json;
  operations: SpecOperation[];
  resources: Map<string, ResourceModel>;
  /** The component schema a `#/components/schemas/X` ref points at. */
  schema(ref: string): Json;
  resolve(node: unknown): Json;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerGet(spec: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`The mock only follows local refs, got ${ref}.`);
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), spec);
}

export function buildSpecModel(spec: Json): SpecModel {
  const resolve = (node: unknown): Json => {
    let current = node;
    for (let depth = 0; isObject(current) && typeof current.$ref === 'string'; depth++) {
      if (depth > 32) throw new Error('Ref cycle in the spec.');
      current = pointerGet(spec, current.$ref);
    }
    if (!isObject(current)) throw new Error('A spec ref points at nothing.');
    return current;
  };
  const schema = (ref: string): Json => resolve({ $ref: ref });

  /** The resource type a resource object schema describes (`properties.type.const`). */
  const constType = (node: unknown): string | undefined => {
    if (!isObject(node)) return undefined;
    const resolved = resolve(node);
    const type = isObject(resolved.properties) ? (resolved.properties as Json).type : undefined;
    return isObject(type) && typeof type.const === 'string' ? type.const : undefined;
  };

  const operations: SpecOperation[] = [];
  const typeOfPath = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(spec.paths as Json)) {
    const item = resolve(rawItem);
    const pathLevelParams = Array.isArray(item.parameters) ? (item.parameters as unknown[]) : [];
    for (const method of HTTP_METHODS) {
      if (!isObject(item[method])) continue;
      const op = item[method] as Json;
      const parameters = [...pathLevelParams, ...(Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [])].map(resolve);
      const query = new Map<string, QueryParameter>();
      for (const p of parameters) {
        if (p.in !== 'query') continue;
        query.set(String(p.name), { name: String(p.name), schema: p.schema as Json, required: p.required === true });
      }
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      // `{param}` matches one segment; a trailing slash is accepted (the docs write `/management/organizations/`, ERRATA E-51).
      const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}/?$`);
      const responses = op.responses as Json;
      const statuses = Object.keys(responses);
      const successStatus = statuses.map(Number).find((s) => s >= 200 && s < 300);
      if (successStatus === undefined) throw new Error(`${String(op.operationId)} documents no success status.`);
      const success = resolve(responses[String(successStatus)]);
      const responseSchema = isObject(success.content) ? ((success.content as Json)[MEDIA_TYPE] as Json | undefined)?.schema : undefined;
      const responseRef = isObject(responseSchema) && typeof responseSchema.$ref === 'string' ? responseSchema.$ref : undefined;
      const requestContent = isObject(op.requestBody) ? (resolve(op.requestBody).content as Json | undefined) : undefined;
      const requestSchema = requestContent ? ((requestContent[MEDIA_TYPE] as Json | undefined)?.schema as Json | undefined) : undefined;
      const requestBody =
        requestSchema && typeof requestSchema.$ref === 'string' ? { ref: requestSchema.$ref, required: resolve(op.requestBody).required === true } : undefined;

      // The type: from the success document's `data`, else from the request document's `data.type`.
      let type: string | undefined;
      let listResponse = false;
      let jsonApiResponse = false;
      if (responseRef) {
        const document = schema(responseRef);
        const data = isObject(document.properties) ? (document.properties as Json).data : undefined;
        if (isObject(data)) {
          jsonApiResponse = true;
          const resolved = resolve(data);
          if (resolved.type === 'array' && isObject(resolved.items)) {
            listResponse = true;
            type = constType(resolved.items);
          } else {
            type = constType(resolved);
          }
        }
      }
      if (type === undefined && requestBody) {
        const data = (schema(requestBody.ref).properties as Json | undefined)?.data;
        if (isObject(data)) type = constType(data);
      }
      const itemRoute = path.endsWith('}');
      let kind: OperationKind = 'action';
      if (method === 'get' && listResponse && !itemRoute) kind = 'list';
      else if (method === 'get' && itemRoute && jsonApiResponse) kind = 'retrieve';
      else if (method === 'post' && !itemRoute && requestBody && type !== undefined && jsonApiResponse) kind = 'create';
      else if (method === 'patch' && itemRoute) kind = 'update';
      else if (method === 'delete' && itemRoute) kind = 'delete';
      if (type !== undefined && kind !== 'action') typeOfPath.set(path, type);

      const requirements = (op.security ?? spec.security) as Json[] | undefined;
      const security = requirements?.[0] === undefined ? undefined : Object.keys(requirements[0])[0];
      const include = query.get('include');
      const includeItems = include ? resolve(include.schema).items : undefined;
      const includes = isObject(includeItems) ? ((resolve(includeItems).enum as string[] | undefined) ?? []) : [];
      operations.push({
        operationId: String(op.operationId),
        method,
        path,
        pattern,
        pathParams,
        kind,
        type,
        security,
        successStatus,
        statuses,
        requestBody,
        responseRef,
        jsonApiResponse,
        query,
        includes,
      });
    }
  }
  // A DELETE has no body to name its type: its path's other operations do.
  for (const op of operations) {
    if (op.type === undefined && op.kind !== 'action') op.type = typeOfPath.get(op.path);
  }

  const resources = new Map<string, ResourceModel>();
  const schemas = (spec.components as Json).schemas as Json;
  for (const [schemaName, raw] of Object.entries(schemas)) {
    if (!isObject(raw) || !isObject(raw.properties)) continue;
    const props = raw.properties as Json;
    const type = constType(raw);
    if (type === undefined || !isObject(props.attributes) || !isObject(props.id)) continue;
    if (resources.has(type)) continue;
    const attributes = new Map<string, Json>();
    collectProperties(props.attributes, attributes, resolve, new Set());
    const readOnly = new Set([...attributes].filter(([, s]) => s.readOnly === true).map(([name]) => name));
    const relationships = new Map<string, RelationshipModel>();
    const relSchema = isObject(props.relationships) ? resolve(props.relationships) : undefined;
    if (relSchema && isObject(relSchema.properties)) {
      for (const [name, relationship] of Object.entries(relSchema.properties as Json)) {
        const linkage = findLinkage(relationship, resolve, constType, false, new Set());
        if (linkage) relationships.set(name, { name, ...linkage });
      }
    }
    resources.set(type, {
      type,
      schemaName,
      attributes,
      readOnly,
      relationships,
      relationshipsRequired: Array.isArray(raw.required) && (raw.required as string[]).includes('relationships'),
      hasRelationships: relSchema !== undefined && relationships.size > 0,
      collectionPath: undefined,
      itemPath: undefined,
      filters: new Map(),
    });
  }
  // Links use the organization-key routes (`/organizations/{id}`, not the management ones).
  const byPreference = [...operations].sort((a, b) => Number(a.security === 'partnerKey') - Number(b.security === 'partnerKey'));
  for (const op of byPreference) {
    const model = op.type === undefined ? undefined : resources.get(op.type);
    if (!model) continue;
    if ((op.kind === 'list' || op.kind === 'create') && model.collectionPath === undefined) model.collectionPath = op.path;
    if ((op.kind === 'retrieve' || op.kind === 'update' || op.kind === 'delete') && model.itemPath === undefined) model.itemPath = op.path;
    const filter = op.query.get('filter');
    if (op.kind === 'list' && filter) {
      const filterSchema = resolve(filter.schema);
      model.filters.set(op.operationId, new Set(Object.keys((filterSchema.properties as Json | undefined) ?? {})));
    }
  }
  return { spec, operations, resources, schema, resolve };
}

/** Every property any branch of a schema can have (allOf, oneOf, anyOf are walked). */
function collectProperties(node: unknown, into: Map<string, Json>, resolve: (n: unknown) => Json, seen: Set<unknown>): void {
  if (!isObject(node)) return;
  const schema = resolve(node);
  if (seen.has(schema)) return;
  seen.add(schema);
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties as Json)) {
      if (!into.has(name) && isObject(property)) into.set(name, property);
    }
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const branch of branches) collectProperties(branch, into, resolve, seen);
  }
}

/** The identifier a relationship schema's `data` holds: its constant type, and whether it is a list. */
function findLinkage(
  node: unknown,
  resolve: (n: unknown) => Json,
  constType: (n: unknown) => string | undefined,
  many: boolean,
  seen: Set<unknown>,
): { target: string; many: boolean } | undefined {
  if (!isObject(node)) return undefined;
  const schema = resolve(node);
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  const properties = isObject(schema.properties) ? (schema.properties as Json) : undefined;
  if (properties && isObject(properties.type) && typeof (properties.type as Json).const === 'string' && isObject(properties.id)) {
    return { target: (properties.type as Json).const as string, many };
  }
  if (schema.type === 'array' && isObject(schema.items)) return findLinkage(schema.items, resolve, constType, true, seen);
  if (properties && isObject(properties.data)) {
    const found = findLinkage(properties.data, resolve, constType, many, seen);
    if (found) return found;
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const found = findLinkage(branch, resolve, constType, many, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** The operation a request reaches, by method and path (below the base path). */
export function matchOperation(model: SpecModel, method: string, path: string): { op: SpecOperation; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const op of model.operations) {
    const match = op.pattern.exec(path);
    if (!match) continue;
    if (op.method !== method.toLowerCase()) {
      allowed.push(op.method.toUpperCase());
      continue;
    }
    const params: Record<string, string> = {};
    op.pathParams.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] as string);
    });
    return { op, params };
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
