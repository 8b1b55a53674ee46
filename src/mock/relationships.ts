// Relationship linkage, derived from the spec's relationship identifier types:
//   1. a to-one relationship `x` of a resource with an `xId` attribute is that attribute
//      (`flowId` → `flow`, `messageThreadId` → `messageThread`);
//   2. else the linkage the resource holds (written by a request, or seeded);
//   3. else the inverse: the resources of the target type whose to-one relationship points
//      back at this one (a Flow's `nodes` are the nodes whose `flow` is the flow);
//   4. the store is one organization's: a to-one relationship to `organizations` is it, and
//      an organization's to-many relationships without an inverse hold every such resource.
// Links follow the documented shapes: `/public/v2/flows/<id>` for a to-one relationship,
// `/public/v2/nodes?filter[flowId]=<id>` for a to-many one with an inverse.
import { BASE_PATH, type RelationshipModel, type SpecModel } from './spec-model';
import type { Linkage, LinkageValue, MockStore, StoredResource } from './store';

export interface RelationshipContext {
  model: SpecModel;
  store: MockStore;
  /** The organization the store belongs to (the caller's). */
  organizationId(): string | undefined;
}

const ORGANIZATIONS = 'organizations';

/** The to-one relationship of `target` that points back at `type`, if any. */
export function inverseOf(context: RelationshipContext, type: string, relationship: RelationshipModel): RelationshipModel | undefined {
  const targetModel = context.model.resources.get(relationship.target);
  if (!targetModel) return undefined;
  return [...targetModel.relationships.values()].find((r) => !r.many && r.target === type);
}

/** The attribute that holds a to-one relationship (`flowId` for `flow`), when the type has one. */
export function foreignKeyOf(context: RelationshipContext, type: string, relationship: RelationshipModel): string | undefined {
  if (relationship.many) return undefined;
  const name = `${relationship.name}Id`;
  return context.model.resources.get(type)?.attributes.has(name) ? name : undefined;
}

export function linkageOf(context: RelationshipContext, resource: StoredResource, relationship: RelationshipModel, depth = 0): LinkageValue {
  const foreignKey = foreignKeyOf(context, resource.type, relationship);
  if (foreignKey !== undefined) {
    const value = resource.attributes[foreignKey];
    if (typeof value === 'string') return { type: relationship.target, id: value };
    if (value === null) return null;
  }
  if (Object.prototype.hasOwnProperty.call(resource.linkage, relationship.name)) return resource.linkage[relationship.name] ?? null;
  const organizationId = context.organizationId();
  if (relationship.target === ORGANIZATIONS && !relationship.many) {
    return organizationId === undefined ? null : { type: ORGANIZATIONS, id: organizationId };
  }
  const inverse = depth < 4 ? inverseOf(context, resource.type, relationship) : undefined;
  if (inverse) {
    const members: Linkage[] = [];
    for (const other of context.store.all(relationship.target)) {
      const back = linkageOf(context, other, inverse, depth + 1);
      if (back !== null && !Array.isArray(back) && back.type === resource.type && back.id === resource.id) members.push({ type: other.type, id: other.id });
    }
    return relationship.many ? members : (members[0] ?? null);
  }
  if (relationship.many && resource.type === ORGANIZATIONS && resource.id === organizationId) {
    return context.store.all(relationship.target).map((other) => ({ type: other.type, id: other.id }));
  }
  return relationship.many ? [] : null;
}

function itemLink(context: RelationshipContext, type: string, id: string): string | null {
  const itemPath = context.model.resources.get(type)?.itemPath;
  return itemPath === undefined ? null : `${BASE_PATH}${itemPath.replace(/\{[^}]+\}/, encodeURIComponent(id))}`;
}

/** `links.related` of a relationship: where the related resource(s) can be fetched, or null. */
export function relatedLink(context: RelationshipContext, resource: StoredResource, relationship: RelationshipModel, linkage: LinkageValue): string | null {
  if (!relationship.many) return linkage === null || Array.isArray(linkage) ? null : itemLink(context, linkage.type, linkage.id);
  const inverse = inverseOf(context, resource.type, relationship);
  const target = context.model.resources.get(relationship.target);
  // The list filter that selects them: the inverse's key (`flowId`), or the type's own (`organizationId`).
  const filters = new Set([...(target?.filters.values() ?? [])].flatMap((set) => [...set]));
  const field = inverse ? `${inverse.name}Id` : `${resource.type.replace(/s$/, '')}Id`;
  if (target?.collectionPath !== undefined && (inverse || filters.has(field))) {
    return `${BASE_PATH}${target.collectionPath}?filter[${field}]=${encodeURIComponent(resource.id)}`;
  }
  const self = itemLink(context, resource.type, resource.id);
  return self === null ? null : `${self}/${relationship.name}`;
}

/** The value of a filterable field: the id, an attribute, or a relationship's id (`nodeId`, `organizationId`). */
export function fieldValue(context: RelationshipContext, resource: StoredResource, field: string): unknown {
  if (field === 'id') return resource.id;
  if (Object.prototype.hasOwnProperty.call(resource.attributes, field)) return resource.attributes[field];
  const model = context.model.resources.get(resource.type);
  const name = field.endsWith('Id') ? field.slice(0, -2) : undefined;
  const relationship = name === undefined ? undefined : model?.relationships.get(name);
  if (relationship && !relationship.many) {
    const linkage = linkageOf(context, resource, relationship);
    return linkage === null || Array.isArray(linkage) ? null : linkage.id;
  }
  if (field === 'organizationId') return context.organizationId();
  return undefined;
}
