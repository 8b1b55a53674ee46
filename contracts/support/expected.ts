// What the flattened result of a documented response must look like, computed from the
// fixture with a deliberately naive second implementation (no sharing, depth-limited), so
// the SDK's deserializer is checked field by field against something it does not share code with.
type Json = Record<string, unknown>;

interface ResourceObject {
  id: string;
  type: string;
  attributes?: Json;
  relationships?: Record<string, { data?: unknown }>;
}

export interface FieldCheck {
  path: string;
  expected: unknown;
  /** `absent`: the key must not exist (relationship sent without data). */
  absent?: boolean;
}

function checksFor(resource: ResourceObject, included: ResourceObject[], prefix: string, depth: number): FieldCheck[] {
  const checks: FieldCheck[] = [
    { path: `${prefix}id`, expected: resource.id },
    { path: `${prefix}type`, expected: resource.type },
  ];
  for (const [key, value] of Object.entries(resource.attributes ?? {})) checks.push({ path: `${prefix}${key}`, expected: value });
  if (depth === 0) return checks;
  for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
    const path = `${prefix}${name}`;
    if (!('data' in relationship)) {
      checks.push({ path, expected: undefined, absent: true });
      continue;
    }
    const linkages = relationship.data;
    if (linkages === null) {
      checks.push({ path, expected: null });
      continue;
    }
    const list = Array.isArray(linkages) ? (linkages as ResourceObject[]) : [linkages as ResourceObject];
    list.forEach((linkage, index) => {
      const at = Array.isArray(linkages) ? `${path}.${index}.` : `${path}.`;
      const target = included.find((r) => r.type === linkage.type && r.id === linkage.id);
      if (target) checks.push(...checksFor(target, included, at, depth - 1));
      else checks.push({ path: `${at}id`, expected: linkage.id }, { path: `${at}type`, expected: linkage.type });
    });
  }
  return checks;
}

/** Field checks for every resource in `data`, relationships resolved two levels deep. */
export function expectedFields(document: { data: unknown; included?: unknown }): FieldCheck[] {
  const included = (document.included ?? []) as ResourceObject[];
  if (Array.isArray(document.data)) {
    return (document.data as ResourceObject[]).flatMap((resource, index) => checksFor(resource, included, `${index}.`, 2));
  }
  return checksFor(document.data as ResourceObject, included, '', 2);
}
