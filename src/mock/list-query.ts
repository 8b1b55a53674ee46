// The list query, server side: the parsed query string (src/jsonapi/query.ts `parseQuery`, the
// inverse of the SDK's serializer) as the value its operation's query schema checks, then
// applied to the store: filters with operators, several sort keys, and pages with the
// documented `meta`.
import type { ParsedQuery } from '../jsonapi/query-types';
import { fieldValue, type RelationshipContext } from './relationships';
import type { Json, QueryParameter, SpecModel } from './spec-model';
import type { StoredResource } from './store';

export const DEFAULT_PAGE_SIZE = 25;

/** The query as its schema sees it: lists of one value become scalars, typed flags are coerced. */
export function queryValue(parsed: ParsedQuery, parameters: ReadonlyMap<string, QueryParameter>, model: SpecModel): Json {
  const value: Json = {};
  const filters = Object.keys(parsed.filter);
  if (filters.length > 0) {
    const filter: Json = {};
    for (const field of filters) {
      const condition = parsed.filter[field] ?? {};
      const { value: plain, ...operators } = condition;
      const scalarOrList = (list: string[]): unknown => (list.length === 1 ? list[0] : list);
      const ops: Json = {};
      for (const [op, list] of Object.entries(operators)) if (list) ops[op] = scalarOrList(list);
      // A plain value and operators on one field is no form the API documents: the schema refuses `value`.
      if (plain !== undefined && Object.keys(ops).length > 0) ops.value = scalarOrList(plain);
      Object.defineProperty(filter, field, {
        value: plain !== undefined && Object.keys(ops).length === 0 ? scalarOrList(plain) : ops,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    value.filter = filter;
  }
  if (parsed.sort.length > 0) value.sort = parsed.sort;
  if (parsed.page.size !== undefined || parsed.page.number !== undefined) value.page = { ...parsed.page };
  if (parsed.include.length > 0) value.include = parsed.include;
  for (const [name, raw] of Object.entries(parsed.extra)) {
    const schema = parameters.get(name)?.schema;
    const type = schema === undefined ? undefined : model.resolve(schema).type;
    let coerced: unknown = raw;
    if (type === 'boolean' && (raw === 'true' || raw === 'false')) coerced = raw === 'true';
    else if ((type === 'integer' || type === 'number') && raw.trim() !== '' && Number.isFinite(Number(raw))) coerced = Number(raw);
    Object.defineProperty(value, name, { value: coerced, enumerable: true, writable: true, configurable: true });
  }
  return value;
}

/** The query parameter an issue at `instancePath` is about: `filter[status][gt]`, `sort`, `page[size]`. */
export function parameterOf(pointer: string): string {
  const [first = '', ...rest] = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (first === 'filter' && rest.length > 0) {
    const [field, op] = rest;
    return op === undefined || /^\d+$/.test(op) ? `filter[${field}]` : `filter[${field}][${op}]`;
  }
  if (first === 'page' && rest[0] !== undefined) return `page[${rest[0]}]`;
  return first;
}

type Kind = 'number' | 'boolean' | 'date' | 'string' | 'other';

function kindOf(value: unknown, schema: Json | undefined): Kind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return schema?.format === 'date-time' ? 'date' : 'string';
  return 'other';
}

/** A query value read as the kind of the attribute it is compared with; undefined when it cannot be. */
function coerce(raw: string, kind: Kind): number | boolean | string | undefined {
  switch (kind) {
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'date': {
      const time = Date.parse(raw);
      return Number.isNaN(time) ? undefined : time;
    }
    default:
      return raw;
  }
}

function comparable(actual: unknown, kind: Kind): number | boolean | string | undefined {
  if (kind === 'date' && typeof actual === 'string') return Date.parse(actual);
  return typeof actual === 'number' || typeof actual === 'boolean' || typeof actual === 'string' ? actual : undefined;
}

function test(op: string, actual: unknown, raw: string, schema: Json | undefined): boolean {
  if (actual === null || actual === undefined) return (op === 'value' || op === 'eq' || op === 'eql' || op === 'match') && raw === 'null';
  const kind = kindOf(actual, schema);
  if (kind === 'other') return false;
  const left = comparable(actual, kind);
  const right = coerce(raw, kind);
  if (left === undefined || right === undefined) return false;
  switch (op) {
    case 'value':
    case 'eq':
    case 'match':
      return left === right;
    case 'eql':
      return String(actual).toLowerCase() === raw.toLowerCase();
    case 'prefix':
      return String(actual).startsWith(raw);
    case 'suffix':
      return String(actual).endsWith(raw);
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
    default:
      return false;
  }
}

/** Every field's conditions hold (ANDed); within one condition, any of a list of values. */
export function applyFilters(context: RelationshipContext, resources: StoredResource[], filter: ParsedQuery['filter']): StoredResource[] {
  const fields = Object.keys(filter);
  if (fields.length === 0) return resources;
  return resources.filter((resource) => {
    const model = context.model.resources.get(resource.type);
    return fields.every((field) => {
      const condition = filter[field] ?? {};
      const actual = fieldValue(context, resource, field);
      const schema = model?.attributes.get(field);
      return Object.entries(condition).every(([op, values]) => (values ?? []).some((raw) => test(op, actual, raw, schema)));
    });
  });
}

function compareValues(a: unknown, b: unknown, schema: Json | undefined): number {
  const missingA = a === null || a === undefined;
  const missingB = b === null || b === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  const kind = kindOf(a, schema);
  const left = comparable(a, kind);
  const right = comparable(b, kindOf(b, schema));
  if (left === undefined || right === undefined || typeof left !== typeof right) return 0;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Sorted by each key in turn (`-key` descending); ties keep creation order. Missing values last. */
export function applySort(context: RelationshipContext, resources: StoredResource[], sort: readonly string[]): StoredResource[] {
  if (sort.length === 0) return resources;
  const keys = sort.map((key) => (key.startsWith('-') ? { field: key.slice(1), direction: -1 } : { field: key, direction: 1 }));
  return resources
    .map((resource, index) => ({ resource, index }))
    .sort((x, y) => {
      for (const { field, direction } of keys) {
        const schema = context.model.resources.get(x.resource.type)?.attributes.get(field);
        const a = fieldValue(context, x.resource, field);
        const b = fieldValue(context, y.resource, field);
        const missing = (a === null || a === undefined) !== (b === null || b === undefined);
        const order = compareValues(a, b, schema);
        // Missing values go last whichever the direction.
        if (order !== 0) return missing ? order : order * direction;
      }
      return x.index - y.index;
    })
    .map((entry) => entry.resource);
}

export interface ListMeta {
  total: number;
  totalUnfiltered: number;
  currentSize: number;
  currentPage: number;
  maxPage: number;
}

/** One page and its `meta`: `currentSize` is the page size applied (ERRATA E-05), `maxPage` 0 for an empty list. */
export function paginate<T>(items: T[], totalUnfiltered: number, page: ParsedQuery['page']): { items: T[]; meta: ListMeta } {
  const size = page.size ?? DEFAULT_PAGE_SIZE;
  const number = page.number ?? 1;
  const start = (number - 1) * size;
  return {
    items: items.slice(start, start + size),
    meta: { total: items.length, totalUnfiltered, currentSize: size, currentPage: number, maxPage: Math.ceil(items.length / size) },
  };
}
