// The flattened resource object that `deserialize` returns: where its JSON:API `meta` and
// `links` live (out of the way of attribute names), and how it serialises without cycles.
//
// Flattened resources share references (an included resource referenced twice is one
// object), so the object graph may be cyclic. Everything here keeps that graph usable:
// the hidden members are private fields behind symbol getters on the prototype, so
// `Object.keys`, spread, `JSON.stringify`, `structuredClone` and jest's equality never see
// them, and `toJSON` (also on the prototype) writes a finite, cycle-cut tree.

/** A JSON:API `meta` object. */
export type JsonApiMeta = Record<string, unknown>;
/** A JSON:API `links` object: each value is a URL string, a link object or `null`. */
export type JsonApiLinks = Record<string, unknown>;

/** Resource-level `meta` of a flattened resource (`resource[META]`); prefer `getMeta`. */
export const META: unique symbol = Symbol.for('recrubo-sdk.jsonapi.meta');
/** Resource-level `links` of a flattened resource (`resource[LINKS]`); prefer `getLinks`. */
export const LINKS: unique symbol = Symbol.for('recrubo-sdk.jsonapi.links');
/**
 * The `links` and `meta` of each relationship the server sent with either of them
 * (`resource[RELATIONSHIPS].flow.links.related`), as a frozen object built on each read;
 * prefer `getRelationshipLinks`/`getRelationshipMeta`.
 */
export const RELATIONSHIPS: unique symbol = Symbol.for('recrubo-sdk.jsonapi.relationships');

/** What `resource[RELATIONSHIPS][name]` holds: the relationship object without its `data`. */
export interface RelationshipMembers {
  links?: JsonApiLinks;
  meta?: JsonApiMeta;
}

/** Meta of a relationship's resource identifier(s): one entry per identifier for a to-many. */
export type IdentifierMeta = JsonApiMeta | undefined | (JsonApiMeta | undefined)[];

/**
 * A flattened resource: `{ id, type, ...attributes, ...relationships }`. Its `meta` and
 * `links` are not enumerable members (an attribute may be called `meta` or `links`): read
 * them with `getMeta`/`getLinks` or the `META`/`LINKS` symbols.
 */
export interface FlattenedResource {
  id: string;
  type: string;
  [member: string]: unknown;
  readonly [META]?: JsonApiMeta | undefined;
  readonly [LINKS]?: JsonApiLinks | undefined;
  readonly [RELATIONSHIPS]?: Readonly<Record<string, RelationshipMembers>>;
}

/**
 * A relationship's rarely present members. The common case (a relationship with only
 * `links`) stores the links object itself, which saves an object per relationship.
 */
class RelationshipExtras {
  constructor(
    readonly links: JsonApiLinks | undefined,
    readonly meta: JsonApiMeta | undefined,
    readonly identifierMeta: IdentifierMeta,
  ) {}
}

/** Per resource: relationship name to its links object, or to `RelationshipExtras`. */
export type RelationshipTable = Record<string, JsonApiLinks | RelationshipExtras>;

/**
 * How `toJSON` keeps output finite whatever the graph: a resource already on the path from
 * the top is written as `{ id, type }` (a cycle); so is one deeper than MAX_DEPTH (deeper
 * output would overflow JSON.stringify's own stack); and once one call has written
 * MAX_EXPANSIONS resources in full, a resource it has already written is not repeated
 * (dense graphs have exponentially many paths).
 */
const MAX_DEPTH = 32;
const MAX_EXPANSIONS = 10_000;

/** Resource-level `meta`/`links`, kept apart from the common case of having neither. */
class ResourceExtras {
  relationships: RelationshipTable | undefined = undefined;
  constructor(
    readonly meta: JsonApiMeta | undefined,
    readonly links: JsonApiLinks | undefined,
  ) {}
}

class Resource {
  // One private slot for everything hidden: the relationship table when that is all there
  // is (the common case), else a ResourceExtras. Each slot costs 8 bytes on every resource.
  #hidden: RelationshipTable | ResourceExtras | undefined;
  declare id: string;
  declare type: string;
  [member: string]: unknown;

  constructor(id: string, type: string, meta: JsonApiMeta | undefined, links: JsonApiLinks | undefined) {
    this.#hidden = meta === undefined && links === undefined ? undefined : new ResourceExtras(meta, links);
    this.id = id;
    this.type = type;
  }

  get [META](): JsonApiMeta | undefined {
    return Resource.extras(this)?.meta;
  }

  get [LINKS](): JsonApiLinks | undefined {
    return Resource.extras(this)?.links;
  }

  get [RELATIONSHIPS](): Readonly<Record<string, RelationshipMembers>> {
    const out: Record<string, RelationshipMembers> = {};
    const table = Resource.table(this) ?? {};
    for (const name of Object.keys(table)) {
      const entry = table[name];
      const members: RelationshipMembers = {};
      if (entry instanceof RelationshipExtras) {
        if (entry.links !== undefined) members.links = entry.links;
        if (entry.meta !== undefined) members.meta = entry.meta;
      } else if (entry !== undefined) {
        members.links = entry;
      }
      // An entry kept only for identifier meta has neither.
      if (members.links !== undefined || members.meta !== undefined) setOwn(out, name, Object.freeze(members));
    }
    return Object.freeze(out);
  }

  /** A plain, acyclic copy for `JSON.stringify` (see MAX_DEPTH above for the rules). */
  toJSON(): Record<string, unknown> {
    return snapshot(this, { path: new Set(), written: new Set(), count: 0 }, 0);
  }

  // Static, so that the module's functions below reach the private slot. Kept to the few the
  // deserializer needs: the accessors (getMeta, …) that a bundle may leave out are built on them.
  static extras(resource: Resource): ResourceExtras | undefined {
    const hidden = resource.#hidden;
    return hidden instanceof ResourceExtras ? hidden : undefined;
  }

  static table(resource: Resource): RelationshipTable | undefined {
    const hidden = resource.#hidden;
    return hidden instanceof ResourceExtras ? hidden.relationships : hidden;
  }

  static setRelationships(resource: Resource, table: RelationshipTable): void {
    const extras = Resource.extras(resource);
    if (extras) extras.relationships = table;
    else resource.#hidden = table;
  }

  static is(value: unknown): value is Resource {
    return typeof value === 'object' && value !== null && #hidden in value;
  }
}

// Flattened resources present themselves as plain objects: `util.inspect` prints no class
// name and jest's `toStrictEqual` accepts an object literal as their equal. (The prototype's
// own `constructor` is already writable, configurable and not enumerable: only its value changes.)
Object.defineProperty(Resource.prototype, 'constructor', { value: Object });

interface SnapshotState {
  path: Set<Resource>;
  written: Set<Resource>;
  count: number;
}

function snapshot(resource: Resource, state: SnapshotState, depth: number): Record<string, unknown> {
  state.path.add(resource);
  state.written.add(resource);
  state.count += 1;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(resource)) {
    let value = resource[key];
    if (Resource.is(value)) value = render(value, state, depth + 1);
    else if (Array.isArray(value) && value.some(Resource.is)) value = value.map((item: unknown) => (Resource.is(item) ? render(item, state, depth + 1) : item));
    setOwn(out, key, value);
  }
  state.path.delete(resource);
  return out;
}

function render(resource: Resource, state: SnapshotState, depth: number): Record<string, unknown> {
  if (
    state.path.has(resource) ||
    depth > MAX_DEPTH ||
    (state.count >= MAX_EXPANSIONS && state.written.has(resource))
  ) {
    return { id: resource.id, type: resource.type };
  }
  return snapshot(resource, state, depth);
}

/**
 * Adds an own enumerable property. Plain assignment is the fast way, but it would call the
 * `__proto__` setter (replacing the object's prototype) instead of creating a member called
 * `__proto__`, and it throws where a prototype holds a read-only property of that name
 * (`toString` once `Object.prototype` is frozen, as `node --frozen-intrinsics` does).
 */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    defineOwn(target, key, value);
  } else {
    try {
      (target as Record<string, unknown>)[key] = value;
    } catch {
      defineOwn(target, key, value);
    }
  }
}

function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Creates a flattened resource with only `id` and `type`; the caller adds its members. */
export function createResource(
  id: string,
  type: string,
  meta: JsonApiMeta | undefined,
  links: JsonApiLinks | undefined,
): FlattenedResource {
  return new Resource(id, type, meta, links);
}

/** Records the relationships' `links`/`meta`/identifier meta of a resource made by `createResource`. */
export function setRelationshipTable(resource: FlattenedResource, table: RelationshipTable): void {
  Resource.setRelationships(resource as Resource, table);
}

/** The value to store in a `RelationshipTable` for one relationship, or `undefined` when there is nothing to keep. */
export function relationshipEntry(
  links: JsonApiLinks | undefined,
  meta: JsonApiMeta | undefined,
  identifierMeta: IdentifierMeta,
): JsonApiLinks | RelationshipExtras | undefined {
  if (meta === undefined && identifierMeta === undefined) return links;
  return new RelationshipExtras(links, meta, identifierMeta);
}

/** True for an object `deserialize` produced (a resolved resource or an `{ id, type }` stand-in). */
export function isFlattenedResource(value: unknown): value is FlattenedResource {
  return Resource.is(value);
}

/** The resource-level `meta` the server sent, or `undefined`. */
export function getMeta(resource: object): JsonApiMeta | undefined {
  return Resource.is(resource) ? resource[META] : undefined;
}

/** The resource-level `links` (e.g. `self`) the server sent, or `undefined`. */
export function getLinks(resource: object): JsonApiLinks | undefined {
  return Resource.is(resource) ? resource[LINKS] : undefined;
}

/** What the relationship table of `resource` holds for relationship `name`, if anything. */
function relationshipEntryOf(resource: object, name: string): JsonApiLinks | RelationshipExtras | undefined {
  const table = Resource.is(resource) ? Resource.table(resource) : undefined;
  return table !== undefined && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** The `links` of relationship `name` (e.g. `{ related: 'https://…' }`), or `undefined`. */
export function getRelationshipLinks(resource: object, name: string): JsonApiLinks | undefined {
  const entry = relationshipEntryOf(resource, name);
  return entry instanceof RelationshipExtras ? entry.links : entry;
}

/** The relationship-level `meta` of relationship `name`, or `undefined`. */
export function getRelationshipMeta(resource: object, name: string): JsonApiMeta | undefined {
  const entry = relationshipEntryOf(resource, name);
  return entry instanceof RelationshipExtras ? entry.meta : undefined;
}

/**
 * The `meta` of the resource identifier(s) in relationship `name`'s `data`. It describes
 * the link, not the related resource (which may be shared by many links), so it is kept
 * here rather than merged into the related object. For a to-many: one entry per identifier.
 */
export function getIdentifierMeta(resource: object, name: string): IdentifierMeta {
  const entry = relationshipEntryOf(resource, name);
  return entry instanceof RelationshipExtras ? entry.identifierMeta : undefined;
}
