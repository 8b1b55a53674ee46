// What a live response does differently from the spec, by name: strict ajv errors turned into
// findings a person can act on ("undocumented attribute `nickname` on flowRuns").
//
// A union (`oneOf`: the members of `included`, message payloads, nullable relationships) makes
// ajv report the errors of every branch it tried, which would drown the one real problem in
// noise about the branches that never applied. So a failed union is validated again against the
// one branch the value selects (its discriminator, else its JSON:API `type`, else the branch
// with the fewest errors), and only that branch's errors count.
import type { ErrorObject } from 'ajv';
import type { SpecValidator } from '../../contracts/support/spec';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type DriftKind =
  | 'undocumented attribute'
  | 'missing attribute'
  | 'unknown enum value'
  | 'type mismatch'
  | 'format mismatch'
  | 'constraint violation'
  | 'unexpected status'
  | 'unexpected content type'
  | 'unparseable body'
  | 'request failed';

export interface Finding {
  kind: DriftKind;
  /** Where, with list indices folded: `data[].attributes.nickname`. */
  at: string;
  /** The attribute, member or value the finding is about. */
  name: string;
  /** The JSON:API type of the resource object it was found in, when there is one. */
  resourceType?: string;
  detail: string;
  /** How many times it occurred in the response (e.g. on every item of a page). */
  count: number;
}

const SPEC_ID = 'recrubo-spec';

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
const segmentsOf = (pointer: string): string[] => (pointer === '' ? [] : pointer.slice(1).split('/').map(unescape));

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const s of segments) {
    if (Array.isArray(node)) node = node[Number(s)];
    else if (isObject(node)) node = node[s];
    else return undefined;
  }
  return node;
}

/** `/data/0/attributes/nickname` → `data[].attributes.nickname`. */
export function foldPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out += /^\d+$/.test(s) ? '[]' : out === '' ? s : `.${s}`;
  return out || '(document)';
}

/** The type of the innermost JSON:API resource object on the path (an object with `type` and `id` or `attributes`). */
function resourceTypeOn(root: unknown, segments: readonly string[]): string | undefined {
  let found: string | undefined;
  let node = root;
  const consider = (n: unknown): void => {
    if (isObject(n) && typeof n.type === 'string' && ('attributes' in n || 'id' in n)) found = n.type;
  };
  consider(node);
  for (const s of segments) {
    node = Array.isArray(node) ? node[Number(s)] : isObject(node) ? node[s] : undefined;
    consider(node);
  }
  return found;
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const showValue = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

// --- schema walking: from the validated schema along an instance path to the union there ---

class SchemaWalker {
  constructor(private readonly spec: Json) {}

  node(pointer: string): unknown {
    return valueAt(this.spec, segmentsOf(pointer.replace(/^#/, '')));
  }

  /** Follows `$ref`s: the pointer of the schema that actually says something. */
  deref(pointer: string): string {
    let current = pointer;
    for (let i = 0; i < 50; i++) {
      const n = this.node(current);
      if (isObject(n) && typeof n.$ref === 'string' && n.$ref.startsWith('#/')) current = n.$ref.slice(1);
      else return current;
    }
    return current;
  }

  /** The schema a child (`key` of an object, or an element of an array) is validated by. */
  child(pointer: string, key: string): string | undefined {
    const at = this.deref(pointer);
    const n = this.node(at);
    if (!isObject(n)) return undefined;
    if (isObject(n.properties) && key in n.properties) return `${at}/properties/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (/^\d+$/.test(key) && n.items !== undefined) return `${at}/items`;
    if (Array.isArray(n.allOf)) {
      for (let i = 0; i < n.allOf.length; i++) {
        const found = this.child(`${at}/allOf/${i}`, key);
        if (found) return found;
      }
    }
    if (isObject(n.additionalProperties)) return `${at}/additionalProperties`;
    return undefined;
  }

  /** The pointer of the `oneOf`/`anyOf` list that applies at `pointer` (also inside an allOf). */
  union(pointer: string): { at: string; keyword: 'oneOf' | 'anyOf'; branches: unknown[]; discriminator?: Json } | undefined {
    const at = this.deref(pointer);
    const n = this.node(at);
    if (!isObject(n)) return undefined;
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const list = n[keyword];
      if (Array.isArray(list)) return { at, keyword, branches: list, ...(isObject(n.discriminator) ? { discriminator: n.discriminator } : {}) };
    }
    if (Array.isArray(n.allOf)) {
      for (let i = 0; i < n.allOf.length; i++) {
        const found = this.union(`${at}/allOf/${i}`);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The values a property of a branch is fixed to (`const`/`enum`, through refs, allOf and nested unions). */
  fixedValues(pointer: string, property: string, depth = 0): unknown[] | undefined {
    const prop = this.child(pointer, property);
    if (!prop) {
      const nested = depth < 10 ? this.union(pointer) : undefined;
      if (!nested) return undefined;
      const values = nested.branches.flatMap((_, i) => this.fixedValues(`${nested.at}/${nested.keyword}/${i}`, property, depth + 1) ?? []);
      return values.length > 0 ? values : undefined;
    }
    const n = this.node(this.deref(prop));
    if (!isObject(n)) return undefined;
    if ('const' in n) return [n.const];
    if (Array.isArray(n.enum)) return n.enum;
    return undefined;
  }
}

interface Context {
  validator: SpecValidator;
  walker: SchemaWalker;
  /** The whole response body, for resource types and values. */
  document: unknown;
}

/** The branch a value selects, or the reason none does. */
function chooseBranch(ctx: Context, union: NonNullable<ReturnType<SchemaWalker['union']>>, value: unknown, base: string[]): { pointer: string } | { unknown: Finding } {
  const pointers = union.branches.map((_, i) => `${union.at}/${union.keyword}/${i}`);
  const properties = [typeof union.discriminator?.propertyName === 'string' ? union.discriminator.propertyName : undefined, 'type'].filter(
    (p): p is string => typeof p === 'string',
  );
  if (isObject(value)) {
    for (const property of properties) {
      if (!(property in value)) continue;
      const fixed = pointers.map((p) => ctx.walker.fixedValues(p, property));
      if (fixed.every((f) => f === undefined)) continue;
      const index = fixed.findIndex((f) => f?.some((v) => v === value[property]));
      if (index >= 0) return { pointer: pointers[index]! };
      const documented = fixed.flatMap((f) => f ?? []).map((v) => String(v));
      const segments = [...base, property];
      return {
        unknown: {
          kind: 'unknown enum value',
          at: foldPath(segments),
          name: String(value[property]),
          ...optionalType(resourceTypeOn(ctx.document, base)),
          detail: `${showValue(value[property])} is none of the documented ${property} values: ${documented.join(', ')}`,
          count: 1,
        },
      };
    }
  }
  // No discriminating property: the branch that fits best.
  let best = pointers[0]!;
  let fewest = Number.POSITIVE_INFINITY;
  for (const p of pointers) {
    const errors = ctx.validator.validate(`${SPEC_ID}#${p}`, value).length;
    if (errors < fewest) {
      fewest = errors;
      best = p;
    }
  }
  return { pointer: best };
}

const optionalType = (type: string | undefined): { resourceType?: string } => (type ? { resourceType: type } : {});

function toFinding(ctx: Context, error: ErrorObject, base: string[]): Finding | undefined {
  const segments = [...base, ...segmentsOf(error.instancePath)];
  const resourceType = optionalType(resourceTypeOn(ctx.document, segments));
  const value = valueAt(ctx.document, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const member = valueAt(ctx.document, [...segments, name]);
      return { kind: 'undocumented attribute', at: foldPath([...segments, name]), name, ...resourceType, detail: `\`${name}\` (${jsonType(member)}) is not in the spec`, count: 1 };
    }
    case 'required': {
      const name = String(params.missingProperty);
      return { kind: 'missing attribute', at: foldPath([...segments, name]), name, ...resourceType, detail: `\`${name}\` is required by the spec but was not sent`, count: 1 };
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue];
      return {
        kind: 'unknown enum value', at: foldPath(segments), name: typeof value === 'string' ? value : showValue(value), ...resourceType,
        detail: `${showValue(value)} is not one of ${allowed.map((v) => showValue(v)).join(', ')}`, count: 1,
      };
    }
    case 'type':
      return { kind: 'type mismatch', at: foldPath(segments), name: segments[segments.length - 1] ?? '', ...resourceType, detail: `expected ${String(params.type)}, got ${jsonType(value)}`, count: 1 };
    case 'format':
      // The value is not echoed: it may be personal data.
      return { kind: 'format mismatch', at: foldPath(segments), name: segments[segments.length - 1] ?? '', ...resourceType, detail: `expected a ${String(params.format)} string`, count: 1 };
    case 'oneOf':
    case 'anyOf':
      return undefined;
    default:
      return { kind: 'constraint violation', at: foldPath(segments), name: segments[segments.length - 1] ?? '', ...resourceType, detail: `${error.keyword}: ${error.message ?? 'invalid'}`, count: 1 };
  }
}

function explain(ctx: Context, schemaPointer: string, errors: ErrorObject[], base: string[], depth: number): Finding[] {
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // Only the outermost failed unions, one per place: an inner one is re-examined inside its
  // branch (a union nested directly in a union fails at the same place; the walker finds the outer).
  const outer = unions
    .filter((u) => !unions.some((o) => o !== u && u.instancePath.startsWith(`${o.instancePath}/`)))
    .filter((u, i, all) => all.findIndex((o) => o.instancePath === u.instancePath) === i);
  const within = (e: ErrorObject, u: ErrorObject): boolean => e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`);
  const findings: Finding[] = [];
  const handled = new Set<ErrorObject>();
  for (const union of outer) {
    for (const e of errors) if (within(e, union)) handled.add(e);
    const params = union.params as { passingSchemas?: unknown };
    if (Array.isArray(params.passingSchemas)) continue; // matched more than one branch: the spec's ambiguity, not drift
    const path = segmentsOf(union.instancePath);
    let pointer: string | undefined = schemaPointer;
    for (const key of path) pointer = pointer ? ctx.walker.child(pointer, key) : undefined;
    const spec = pointer ? ctx.walker.union(pointer) : undefined;
    const value = valueAt(ctx.document, [...base, ...path]);
    if (!spec || depth > 20) {
      findings.push({ kind: 'type mismatch', at: foldPath([...base, ...path]), name: path[path.length - 1] ?? '', detail: 'matches none of the documented variants', count: 1 });
      continue;
    }
    const choice = chooseBranch(ctx, spec, value, [...base, ...path]);
    if ('unknown' in choice) {
      findings.push(choice.unknown);
      continue;
    }
    const branchErrors = ctx.validator.validate(`${SPEC_ID}#${choice.pointer}`, value);
    findings.push(...explain(ctx, choice.pointer, branchErrors, [...base, ...path], depth + 1));
  }
  for (const e of errors) {
    if (handled.has(e)) continue;
    const finding = toFinding(ctx, e, base);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Merges repeats (the same drift on every item of a page) into one finding with a count. */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  for (const f of findings) {
    const key = [f.kind, f.at, f.name, f.resourceType ?? '', f.detail].join('\u0000');
    const seen = merged.get(key);
    if (seen) seen.count += f.count;
    else merged.set(key, { ...f });
  }
  return [...merged.values()];
}

/**
 * Validates `document` against the component schema `ref` (`recrubo-spec#/components/schemas/X`,
 * as `schemaRef` returns it) and names every difference.
 */
export function schemaDrift(spec: Json, validator: SpecValidator, ref: string, document: unknown): Finding[] {
  const errors = validator.validate(ref, document);
  if (errors.length === 0) return [];
  const pointer = ref.slice(ref.indexOf('#') + 1);
  return mergeFindings(explain({ validator, walker: new SchemaWalker(spec), document }, pointer, errors, [], 0));
}
