// Stored resources → JSON:API documents, as the spec describes them: every relationship the
// schema declares carries `links`, and `data` only when it was asked for with `include`
// (whose related resources then go into `included`, each once, never the primary data).
import { linkageOf, relatedLink, type RelationshipContext } from './relationships';
import type { Json, LinkageValue, StoredResource } from './store';

export interface RenderOptions {
  /** Attributes this route never shows (the organization `token` on organization-key routes). */
  hide?: ReadonlySet<string>;
}

const key = (type: string, id: string): string => `${type}\u0000${id}`;

/** A resource object. `withData` names the relationships whose linkage is sent. */
export function renderResource(context: RelationshipContext, resource: StoredResource, withData: ReadonlySet<string>, options: RenderOptions = {}): Json {
  const attributes: Json = {};
  for (const [name, value] of Object.entries(resource.attributes)) {
    if (!options.hide?.has(name)) attributes[name] = structuredClone(value);
  }
  const out: Json = { id: resource.id, type: resource.type, attributes };
  const model = context.model.resources.get(resource.type);
  if (model?.hasRelationships) {
    const relationships: Json = {};
    for (const relationship of model.relationships.values()) {
      const linkage = linkageOf(context, resource, relationship);
      const member: Json = { links: { related: relatedLink(context, resource, relationship, linkage) } };
      if (withData.has(relationship.name)) member.data = copyLinkage(linkage);
      relationships[relationship.name] = member;
    }
    out.relationships = relationships;
  }
  return out;
}

function copyLinkage(linkage: LinkageValue): LinkageValue {
  if (linkage === null) return null;
  return Array.isArray(linkage) ? linkage.map((l) => ({ type: l.type, id: l.id })) : { type: linkage.type, id: linkage.id };
}

/**
 * `data` (one resource or a list) and `included` for the include paths (`flow`,
 * `messageThread.candidate`). Related resources that are not in the store are left out of
 * `included`; their linkage is still sent.
 */
export function renderPrimary(
  context: RelationshipContext,
  primary: StoredResource | StoredResource[],
  include: readonly string[],
  options: RenderOptions = {},
): { data: Json | Json[]; included?: Json[] } {
  const list = Array.isArray(primary) ? primary : [primary];
  const withData = new Map<string, Set<string>>();
  const included = new Map<string, StoredResource>();
  const primaryKeys = new Set(list.map((r) => key(r.type, r.id)));
  const mark = (resource: StoredResource, relationship: string): void => {
    const k = key(resource.type, resource.id);
    if (!withData.has(k)) withData.set(k, new Set());
    withData.get(k)?.add(relationship);
  };
  for (const path of include) {
    let frontier = list;
    for (const segment of path.split('.')) {
      const next: StoredResource[] = [];
      for (const resource of frontier) {
        const relationship = context.model.resources.get(resource.type)?.relationships.get(segment);
        if (!relationship) continue;
        mark(resource, segment);
        const linkage = linkageOf(context, resource, relationship);
        for (const target of linkage === null ? [] : Array.isArray(linkage) ? linkage : [linkage]) {
          const related = context.store.get(target.type, target.id);
          if (!related) continue;
          next.push(related);
          const k = key(related.type, related.id);
          if (!primaryKeys.has(k)) included.set(k, related);
        }
      }
      frontier = next;
    }
  }
  const none: ReadonlySet<string> = new Set();
  const render = (r: StoredResource): Json => renderResource(context, r, withData.get(key(r.type, r.id)) ?? none, options);
  const data = Array.isArray(primary) ? list.map(render) : render(list[0] as StoredResource);
  return include.length > 0 ? { data, included: [...included.values()].map(render) } : { data };
}
