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

// Where a resource came from, to build error pointers only when an error happens.
const IN_INCLUDED = 0;
const IN_DATA_LIST = 1;
const IN_DATA_SINGLE = 2;
type Section = typeof IN_INCLUDED | typeof IN_DATA_LIST | typeof IN_DATA_SINGLE;

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
  const meta = optionalObject(document.meta, '/meta');
  const links = optionalObject(document.links, '/links');
  const included = document.included;
  if (included !== undefined && !Array.isArray(included)) {
    invalid('/included', `Expected \`included\` to be an array of resource objects, got ${describe(included)}.`);
  }

  const index: ResourceIndex = new Map();
  // The resources created in the first pass, with the raw `relationships` of each (or
  // `undefined`), in the order: included, then primary data.
  const created: FlattenedResource[] = [];
  const relationships: unknown[] = [];
  const includedCount = included === undefined ? 0 : included.length;
  for (let i = 0; i < includedCount; i++) {
    flattenResource((included as unknown[])[i], IN_INCLUDED, i, index, created, relationships);
  }

  let result: FlattenedResource | FlattenedResource[] | null;
  let dataSection: Section;
  if (data === null) {
    result = null;
    dataSection = IN_DATA_SINGLE;
  } else if (Array.isArray(data)) {
    dataSection = IN_DATA_LIST;
    const list: FlattenedResource[] = [];
    for (let i = 0; i < data.length; i++) {
      list.push(flattenResource(data[i], IN_DATA_LIST, i, index, created, relationships));
    }
    result = list;
  } else if (typeof data === 'object') {
    dataSection = IN_DATA_SINGLE;
    result = flattenResource(data, IN_DATA_SINGLE, 0, index, created, relationships);
  } else {
    invalid('/data', `Expected \`data\` to be a resource object, an array of them, or null; got ${describe(data)}.`);
  }

  for (let i = 0; i < created.length; i++) {
    const raw = relationships[i];
    if (raw !== undefined) {
      const inIncluded = i < includedCount;
      linkRelationships(
        created[i] as FlattenedResource,
        raw,
        inIncluded ? IN_INCLUDED : dataSection,
        inIncluded ? i : i - includedCount,
        index,
      );
    }
  }
  return { data: result, meta, links };
}

/** First pass for one resource: validate, create the flattened object, index it. */
function flattenResource(
  raw: unknown,
  section: Section,
  position: number,
  index: ResourceIndex,
  created: FlattenedResource[],
  relationships: unknown[],
): FlattenedResource {
  if (!isJsonObject(raw)) {
    fail(section, position, '', `Expected a resource object, got ${describe(raw)}.`);
  }
  const type = raw.type;
  if (typeof type !== 'string' || type === '') {
    fail(section, position, '/type', `Expected a resource \`type\` (a non-empty string), got ${describe(type)}.`);
  }
  const id = raw.id;
  if (typeof id !== 'string') {
    fail(section, position, '/id', `Expected a resource \`id\` (a string), got ${describe(id)}.`);
  }
  const meta = raw.meta;
  if (meta !== undefined && !isJsonObject(meta)) {
    fail(section, position, '/meta', `Expected resource \`meta\` to be an object, got ${describe(meta)}.`);
  }
  const links = raw.links;
  if (links !== undefined && !isJsonObject(links)) {
    fail(section, position, '/links', `Expected resource \`links\` to be an object, got ${describe(links)}.`);
  }

  const resource = createResource(id, type, meta, links);
  const attributes = raw.attributes;
  if (attributes !== undefined) {
    if (!isJsonObject(attributes)) {
      fail(section, position, '/attributes', `Expected \`attributes\` to be an object, got ${describe(attributes)}.`);
    }
    for (const key in attributes) {
      if (!hasOwn.call(attributes, key)) continue;
      if (key === 'id' || key === 'type' || key === 'toJSON') reservedName(section, position, `/attributes/${key}`, key);
      setOwn(resource, key, attributes[key]);
    }
  }
  const rawRelationships = raw.relationships;
  if (rawRelationships !== undefined && !isJsonObject(rawRelationships)) {
    fail(section, position, '/relationships', `Expected \`relationships\` to be an object, got ${describe(rawRelationships)}.`);
  }

  let byId = index.get(type);
  if (byId === undefined) {
    byId = new Map();
    index.set(type, byId);
  }
  const before = byId.size;
  byId.set(id, resource);
  if (byId.size === before) {
    fail(
      section,
      position,
      '',
      `The resource ${type} ${JSON.stringify(id)} appears twice in the document (\`data\` and \`included\` together may hold each type and id once).`,
    );
  }
  created.push(resource);
  relationships.push(rawRelationships);
  return resource;
}

/** Second pass for one resource: resolve each relationship and keep its links/meta. */
function linkRelationships(
  resource: FlattenedResource,
  rawRelationships: unknown,
  section: Section,
  position: number,
  index: ResourceIndex,
): void {
  const relationships = rawRelationships as JsonObject;
  let table: RelationshipTable | undefined;
  for (const name in relationships) {
    if (!hasOwn.call(relationships, name)) continue;
    const relationship = relationships[name];
    if (!isJsonObject(relationship)) {
      fail(section, position, relationshipPath(name), `Expected a relationship object, got ${describe(relationship)}.`);
    }
    if (name === 'id' || name === 'type' || name === 'toJSON') {
      reservedName(section, position, relationshipPath(name), name);
    }
    if (hasOwn.call(resource, name)) {
      fail(
        section,
        position,
        relationshipPath(name),
        `\`${name}\` is both an attribute and a relationship; JSON:API gives them one namespace, so the flattened resource cannot hold both.`,
      );
    }
    const links = relationship.links;
    if (links !== undefined && !isJsonObject(links)) {
      fail(section, position, `${relationshipPath(name)}/links`, `Expected relationship \`links\` to be an object, got ${describe(links)}.`);
    }
    const meta = relationship.meta;
    if (meta !== undefined && !isJsonObject(meta)) {
      fail(section, position, `${relationshipPath(name)}/meta`, `Expected relationship \`meta\` to be an object, got ${describe(meta)}.`);
    }

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
        related.push(resolve(identifier, section, position, name, i, index));
        const itemMeta = (identifier as JsonObject).meta;
        if (itemMeta !== undefined) {
          metas ??= new Array<JsonApiMeta | undefined>(data.length).fill(undefined);
          metas[i] = itemMeta as JsonApiMeta;
        }
      }
      identifierMeta = metas;
      setOwn(resource, name, related);
    } else {
      setOwn(resource, name, resolve(data, section, position, name, -1, index));
      identifierMeta = (data as JsonObject).meta as JsonApiMeta | undefined;
    }

    const entry = relationshipEntry(links, meta, identifierMeta);
    if (entry !== undefined) {
      table ??= {};
      setOwn(table, name, entry);
    }
  }
  if (table !== undefined) setRelationshipTable(resource, table);
}

/** The flattened object for one resource identifier (`item` is -1 for a to-one). */
function resolve(
  identifier: unknown,
  section: Section,
  position: number,
  name: string,
  item: number,
  index: ResourceIndex,
): FlattenedResource {
  if (!isJsonObject(identifier)) {
    fail(section, position, identifierPath(name, item), `Expected a resource identifier { type, id }, got ${describe(identifier)}.`);
  }
  const type = identifier.type;
  if (typeof type !== 'string' || type === '') {
    fail(section, position, `${identifierPath(name, item)}/type`, `Expected an identifier \`type\` (a non-empty string), got ${describe(type)}.`);
  }
  const id = identifier.id;
  if (typeof id !== 'string') {
    fail(section, position, `${identifierPath(name, item)}/id`, `Expected an identifier \`id\` (a string), got ${describe(id)}.`);
  }
  const meta = identifier.meta;
  if (meta !== undefined && !isJsonObject(meta)) {
    fail(section, position, `${identifierPath(name, item)}/meta`, `Expected identifier \`meta\` to be an object, got ${describe(meta)}.`);
  }
  let byId = index.get(type);
  if (byId === undefined) {
    byId = new Map();
    index.set(type, byId);
  }
  let target = byId.get(id);
  if (target === undefined) {
    // Not included: an `{ id, type }` stand-in, shared by every reference to it.
    target = createResource(id, type, undefined, undefined);
    byId.set(id, target);
  }
  return target;
}

const hasOwn = Object.prototype.hasOwnProperty;

const NOT_JSON_API = 'Is this the response of a JSON:API endpoint (check the base URL)?';

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalObject(value: unknown, pointer: string): JsonObject | undefined {
  if (value === undefined || isJsonObject(value)) return value;
  invalid(pointer, `Expected \`${pointer.slice(1)}\` to be an object, got ${describe(value)}.`);
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

function reservedName(section: Section, position: number, path: string, name: string): never {
  const why =
    name === 'toJSON'
      ? 'it would replace the serialiser that keeps JSON.stringify free of cycles'
      : 'JSON:API reserves it for the resource itself';
  fail(section, position, path, `A member called \`${name}\` cannot be flattened: ${why}. Read this response through \`recrubo.raw\`.`);
}

function fail(section: Section, position: number, path: string, message: string): never {
  const base = section === IN_INCLUDED ? `/included/${position}` : section === IN_DATA_LIST ? `/data/${position}` : '/data';
  invalid(base + path, message);
}

function invalid(pointer: string, message: string): never {
  const where = pointer === '' ? '' : ` at ${pointer}`;
  throw new ResponseParseError(`Invalid JSON:API document${where}: ${message}`, { pointer });
}
