// Create and update params → JSON:API request documents:
// `{ data: { type, id (on update), attributes, relationships } }`.
import { InvalidRequestError } from '../errors';
import { setOwn } from './resource-meta';

/** A relationship param: an id, `{ id }`, or null to clear a to-one relationship. */
export type RelationshipParam = string | { id: string } | null;
/** A to-many relationship param: the full list of ids (or `{ id }`s); `[]` clears it. */
export type ToManyRelationshipParam = readonly (string | { id: string })[];

type Linkage = { type: string; id: string };

export interface ResourceDocumentShape {
  type: string;
  /** Present on update: JSON:API requires `data.id` on PATCH, whatever an example omits. */
  id?: string;
  /** Relationship names the operation may write, with the JSON:API type each points at. */
  relationships?: Readonly<Record<string, string>>;
}

export interface RequestResourceDocument {
  data: {
    type: string;
    id?: string;
    /** Left out when no attribute is sent (a PATCH that only moves a relationship). */
    attributes?: Record<string, unknown>;
    relationships?: Record<string, { data: Linkage | Linkage[] | null }>;
  };
}

// Keys are set with the deserializer's `setOwn`: assigning `obj['__proto__'] = v` would replace
// the prototype instead of adding a key.

function identifier(name: string, type: string, value: unknown): Linkage {
  const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { id?: unknown }).id : value;
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidRequestError(`Relationship "${name}" must be an id, { id }, null, or for a to-many relationship a list of ids.`);
  }
  return { type, id };
}

function linkage(name: string, type: string, value: unknown): Linkage | Linkage[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item: unknown) => identifier(name, type, item));
  return identifier(name, type, value);
}

export function serializeResource(params: object, shape: ResourceDocumentShape): RequestResourceDocument {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidRequestError(`Expected an object of ${shape.type} attributes.`);
  }
  const attributes: Record<string, unknown> = {};
  let relationships: Record<string, { data: Linkage | Linkage[] | null }> | undefined;
  for (const key of Object.keys(params)) {
    const value = (params as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const relatedType = shape.relationships && Object.hasOwn(shape.relationships, key) ? shape.relationships[key] : undefined;
    if (relatedType !== undefined) {
      relationships ??= {};
      setOwn(relationships, key, { data: linkage(key, relatedType, value) });
    } else {
      setOwn(attributes, key, value);
    }
  }
  const data: RequestResourceDocument['data'] = shape.id === undefined ? { type: shape.type } : { type: shape.type, id: shape.id };
  // JSON:API lets a document that only changes relationships leave `attributes` out.
  if (Object.keys(attributes).length > 0 || relationships === undefined) data.attributes = attributes;
  if (relationships) data.relationships = relationships;
  return { data };
}
