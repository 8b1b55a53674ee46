// JSON:API document to flattened objects: `{ id, type, ...attributes, ...relationships }`,
// relationships resolved from `included` (and from primary data), recursively.
//
// Two passes over the resources, no recursion: the first validates every resource in
// `included` and `data`, creates its flattened object and indexes it by type and id; the
// second fills in relationships, pointing at those objects. Shared and cyclic references
// therefore cost nothing here, and a deeply nested graph cannot overflow the stack.
//
// The input is only read: values of attributes and the `meta`/`links` objects are shared
// with it, not copied.
import { ResponseParseError } from '../errors';
import {
  createResource,
  relationshipEntry,
  setOwn,
  setRelationshipTable,
  type FlattenedResource,
  type IdentifierMeta,
  type JsonApiLinks,
  type JsonApiMeta,
  type RelationshipTable,
} from './resource-meta';

export {
  getIdentifierMeta,
  getLinks,
  getMeta,
  getRelationshipLinks,
  getRelationshipMeta,
  isFlattenedResource,
  LINKS,
  META,
  RELATIONSHIPS,
  type FlattenedResource,
  type IdentifierMeta,
  type JsonApiLinks,
  type JsonApiMeta,
  type RelationshipMembers,
} from './resource-meta';

/** What every flattened resource has; `deserialize`'s type parameter must have it too. */
export interface ResourceIdentity {
  id: string;
  type: string;
}

/** A deserialized document: flattened primary data plus the document-level `meta` and `links`. */
export interface DeserializedDocument<T, D = T | T[] | null> {
  data: D;
  meta: JsonApiMeta | undefined;
  links: JsonApiLinks | undefined;
}

/** A document type whose `data` is statically a list. */
export interface ListDocument {
  data: readonly unknown[];
}

/** A document type whose `data` is statically one resource or `null`. */
export interface SingleDocument {
  data: { readonly type?: unknown; readonly id?: unknown } | null;
}

type JsonObject = Record<string, unknown>;
/** Identifies a resource by its type, then its id: no composite key strings to build. */
type ResourceIndex = Map<string, Map<string, FlattenedResource>>;

// Where a resource came from, as one number, to build error pointers only when an error
// happens: `included[at]` for at >= 0, the single primary resource for DATA, `data[-2 - at]`
// for a list's items (see `dataItem`).
const DATA = -1;
const dataItem = (i: number): number => -2 - i;

/**
 * Flattens a JSON:API document (see the module comment and `docs/benchmarks.md`).
 *
 * Rules, besides the JSON:API specification:
 * - A relationship with `data` that is not in `included` (nor in primary data) becomes
 *   `{ id, type }`; `data: null` becomes `null`, `data: []` becomes `[]`; a relationship
 *   without `data` (only `links`/`meta`) is absent from the object.
 * - The same `type`+`id` resolves to the same object wherever it is referenced.
 * - Every malformed part throws `ResponseParseError` with the JSON pointer of that part,
 *   including what JSON:API forbids and flattening could not represent: an attribute or
 *   relationship called `id` or `type`, an attribute and a relationship with the same name,
 *   and the same `type`+`id` twice in `data` and `included`. `toJSON` is refused as a member
 *   name too, since it would replace the cycle-safe serialiser.
 *
 * `JSON.stringify` of a result never throws: each resource's `toJSON` writes as `{ id, type }`
 * a resource already on the path from the top (a cycle), one deeper than 32 levels, and,
 * once one call has written 10,000 resources in full, one it has already written.
 * `meta` and `links` stay out of the JSON; read them with `getMeta`, `getLinks`,
 * `getRelationshipLinks`, `getRelationshipMeta` and `getIdentifierMeta`.
 *
 * `T` is not checked at run time: it names the shape the caller expects.
 */
export function deserialize<T extends ResourceIdentity = FlattenedResource>(document: ListDocument): DeserializedDocument<T, T[]>;
export function deserialize<T extends ResourceIdentity = FlattenedResource>(document: SingleDocument): DeserializedDocument<T, T | null>;
export function deserialize<T extends ResourceIdentity = FlattenedResource>(document: unknown): DeserializedDocument<T>;
export function deserialize(document: unknown): DeserializedDocument<FlattenedResource> {
  if (!isJsonObject(document)) {
    invalid('', `Expected a JSON:API document (a JSON object), got ${describe(document)}. ${NOT_JSON_API}`);
  }
  const data = document.data;
  if (data === undefined) {
    const hint = document.errors !== undefined ? 'It has `errors`: it is an error document, not a success response.' : NOT_JSON_API;
    invalid('/data', `Expected a \`data\` member. ${hint}`);
  }
  const meta = document.meta;
  if (isMalformed(meta)) expected('/meta', '', 'meta', meta);
  const links = document.links;
  if (isMalformed(links)) expected('/links', '', 'links', links);
  const included = document.included;
  if (included !== undefined && !Array.isArray(included)) {
    expected('/included', '', 'included', included, 'an array of resource objects');
  }

  const index: ResourceIndex = new Map();
  // The resources created in the first pass, with the raw `relationships` of each (or
  // `undefined`), in the order: included, then primary data.
  const created: FlattenedResource[] = [];
  const relationships: unknown[] = [];
  const includedCount = included === undefined ? 0 : included.length;
  for (let i = 0; i < includedCount; i++) {
    flattenResource((included as unknown[])[i], i, index, created, relationships);
  }

  let result: FlattenedResource | FlattenedResource[] | null = null;
  const isList = Array.isArray(data);
  if (isList) {
    result = [];
    for (let i = 0; i < data.length; i++) {
      result.push(flattenResource(data[i], dataItem(i), index, created, relationships));
    }
  } else if (typeof data === 'object') {
    if (data !== null) result = flattenResource(data, DATA, index, created, relationships);
  } else {
    invalid('/data', `Expected \`data\` to be a resource object, an array of them, or null; got ${describe(data)}.`);
  }

  for (let i = 0; i < created.length; i++) {
    const raw = relationships[i];
    if (raw !== undefined) {
      const at = i < includedCount ? i : isList ? dataItem(i - includedCount) : DATA;
      linkRelationships(created[i] as FlattenedResource, raw as JsonObject, at, index);
    }
  }
  return { data: result, meta: meta as JsonApiMeta | undefined, links: links as JsonApiLinks | undefined };
}

/** First pass for one resource: validate, create the flattened object, index it. */
function flattenResource(raw: unknown, at: number, index: ResourceIndex, created: FlattenedResource[], relationships: unknown[]): FlattenedResource {
  if (!isJsonObject(raw)) fail(at, '', `Expected a resource object, got ${describe(raw)}.`);
  checkIdentity(raw, at);
  const type = raw.type as string;
  const id = raw.id as string;
  const links = raw.links;
  if (isMalformed(links)) expected(pointer(at, '/links'), 'resource ', 'links', links);

  const resource = createResource(id, type, raw.meta as JsonApiMeta | undefined, links as JsonApiLinks | undefined);
  const attributes = raw.attributes;
  if (attributes !== undefined) {
    if (!isJsonObject(attributes)) expected(pointer(at, '/attributes'), '', 'attributes', attributes);
    for (const key in attributes) {
      if (!hasOwn.call(attributes, key)) continue;
      if (isReserved(key)) reservedName(at, `/attributes/${key}`, key);
      setOwn(resource, key, attributes[key]);
    }
  }
  const rawRelationships = raw.relationships;
  if (isMalformed(rawRelationships)) expected(pointer(at, '/relationships'), '', 'relationships', rawRelationships);

  const byId = byType(index, type);
  const before = byId.size;
  byId.set(id, resource);
  if (byId.size === before) {
    fail(at, '', `The resource ${type} ${JSON.stringify(id)} appears twice in the document (\`data\` and \`included\` together may hold each type and id once).`);
  }
  created.push(resource);
  relationships.push(rawRelationships);
  return resource;
}

/** Second pass for one resource: resolve each relationship and keep its links/meta. */
function linkRelationships(resource: FlattenedResource, relationships: JsonObject, at: number, index: ResourceIndex): void {
  let table: RelationshipTable | undefined;
  for (const name in relationships) {
    if (!hasOwn.call(relationships, name)) continue;
    const relationship = relationships[name];
    if (!isJsonObject(relationship)) {
      fail(at, relationshipPath(name), `Expected a relationship object, got ${describe(relationship)}.`);
    }
    if (isReserved(name)) reservedName(at, relationshipPath(name), name);
    if (hasOwn.call(resource, name)) {
      fail(
        at,
        relationshipPath(name),
        `\`${name}\` is both an attribute and a relationship; JSON:API gives them one namespace, so the flattened resource cannot hold both.`,
      );
    }
    const links = relationship.links;
    if (isMalformed(links)) expected(pointer(at, `${relationshipPath(name)}/links`), 'relationship ', 'links', links);
    const meta = relationship.meta;
    if (isMalformed(meta)) expected(pointer(at, `${relationshipPath(name)}/meta`), 'relationship ', 'meta', meta);

    const data = relationship.data;
    let identifierMeta: IdentifierMeta;
    if (data === undefined) {
      // Links-only relationship: nothing to flatten, the key stays absent.
    } else if (data === null) {
      setOwn(resource, name, null);
    } else if (Array.isArray(data)) {
      const related: FlattenedResource[] = [];
      let metas: (JsonApiMeta | undefined)[] | undefined;
      for (let i = 0; i < data.length; i++) {
        const identifier = data[i];
        related.push(resolve(identifier, at, name, i, index));
        const itemMeta = (identifier as JsonObject).meta;
        if (itemMeta !== undefined) {
          metas ??= new Array<JsonApiMeta | undefined>(data.length).fill(undefined);
          metas[i] = itemMeta as JsonApiMeta;
        }
      }
      identifierMeta = metas;
      setOwn(resource, name, related);
    } else {
      setOwn(resource, name, resolve(data, at, name, -1, index));
      identifierMeta = (data as JsonObject).meta as JsonApiMeta | undefined;
    }

    const entry = relationshipEntry(links as JsonApiLinks | undefined, meta as JsonApiMeta | undefined, identifierMeta);
    if (entry !== undefined) {
      table ??= {};
      setOwn(table, name, entry);
    }
  }
  if (table !== undefined) setRelationshipTable(resource, table);
}

/** The flattened object for one resource identifier (`item` is -1 for a to-one). */
function resolve(identifier: unknown, at: number, name: string, item: number, index: ResourceIndex): FlattenedResource {
  if (!isJsonObject(identifier)) {
    fail(at, identifierPath(name, item), `Expected a resource identifier { type, id }, got ${describe(identifier)}.`);
  }
  checkIdentity(identifier, at, name, item);
  const id = identifier.id as string;
  const byId = byType(index, identifier.type as string);
  let target = byId.get(id);
  if (target === undefined) {
    // Not included: an `{ id, type }` stand-in, shared by every reference to it.
    target = createResource(id, identifier.type as string, undefined, undefined);
    byId.set(id, target);
  }
  return target;
}

/**
 * Checks `type`, `id` and `meta` of a resource object, or (given the relationship `name`)
 * of the identifier at `item` of its `data`. The pointer is built only on failure.
 */
function checkIdentity(raw: JsonObject, at: number, name?: string, item = -1): void {
  const type = raw.type;
  if (typeof type !== 'string' || type === '') identityError(at, name, item, 'type', type, 'a non-empty string');
  if (typeof raw.id !== 'string') identityError(at, name, item, 'id', raw.id, 'a string');
  if (isMalformed(raw.meta)) identityError(at, name, item, 'meta', raw.meta);
}

function identityError(at: number, name: string | undefined, item: number, member: string, value: unknown, shape?: string): never {
  const path = name === undefined ? '' : identifierPath(name, item);
  expected(pointer(at, `${path}/${member}`), name === undefined ? 'resource ' : 'identifier ', member, value, shape);
}

function byType(index: ResourceIndex, type: string): Map<string, FlattenedResource> {
  let byId = index.get(type);
  if (byId === undefined) {
    byId = new Map();
    index.set(type, byId);
  }
  return byId;
}

const hasOwn = Object.prototype.hasOwnProperty;

const NOT_JSON_API = 'Is this the response of a JSON:API endpoint (check the base URL)?';

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Neither absent nor an object: what an optional object member may not be. */
function isMalformed(value: unknown): boolean {
  return value !== undefined && !isJsonObject(value);
}

/** A member name JSON:API or flattening reserves (see `reservedName`). */
function isReserved(name: string): boolean {
  return name === 'id' || name === 'type' || name === 'toJSON';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function relationshipPath(name: string): string {
  return `/relationships/${escapePointer(name)}`;
}

function identifierPath(name: string, item: number): string {
  return item < 0 ? `${relationshipPath(name)}/data` : `${relationshipPath(name)}/data/${item}`;
}

/** RFC 6901: `~` and `/` inside a reference token. */
function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function reservedName(at: number, path: string, name: string): never {
  const why =
    name === 'toJSON'
      ? 'it would replace the serialiser that keeps JSON.stringify free of cycles'
      : 'JSON:API reserves it for the resource itself';
  fail(at, path, `A member called \`${name}\` cannot be flattened: ${why}. Read this response through \`recrubo.raw\`.`);
}

/** The pointer of `path` inside the resource at `at` (see DATA). */
function pointer(at: number, path: string): string {
  return (at >= 0 ? `/included/${at}` : at === DATA ? '/data' : `/data/${dataItem(at)}`) + path;
}

/** "Expected resource `links` to be an object, got an array." (`kind` is '' or ends in a space.) */
function expected(at: string, kind: string, member: string, value: unknown, shape = 'an object'): never {
  invalid(at, `Expected ${kind}\`${member}\` to be ${shape}, got ${describe(value)}.`);
}

function fail(at: number, path: string, message: string): never {
  invalid(pointer(at, path), message);
}

function invalid(pointer: string, message: string): never {
  const where = pointer === '' ? '' : ` at ${pointer}`;
  throw new ResponseParseError(`Invalid JSON:API document${where}: ${message}`, { pointer });
}
