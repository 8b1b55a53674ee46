/**
 * Types of Recrubo's JSON:API list query (`filter`, `sort`, `page`, `include`)
 * and of its parsed form. The serializer and parser live in `./query`.
 */

/** The filter operators Recrubo documents: `filter[<field>][<operator>]=<value>`. */
export type FilterOperator = 'eq' | 'eql' | 'prefix' | 'suffix' | 'gt' | 'gte' | 'lt' | 'lte' | 'match';

/** Every {@link FilterOperator}, in the order the API documentation lists them. */
export const FILTER_OPERATORS: readonly FilterOperator[] = Object.freeze([
  'eq',
  'eql',
  'prefix',
  'suffix',
  'gt',
  'gte',
  'lt',
  'lte',
  'match',
]);

/** Recrubo's largest accepted `page[size]`; its default is 25. */
export const MAX_PAGE_SIZE = 200;

/** One value in a query. Dates are sent as `toISOString()`, booleans as `true`/`false`. */
export type FilterScalar = string | number | boolean | Date;

/** A scalar, or a non-empty list sent comma-separated (`filter[status]=finished,timeout`). */
export type FilterValue = FilterScalar | readonly FilterScalar[];

/**
 * A condition on one field: a value (`filter[status]=finished`; a list behaves
 * like `match`) or operators (`{ gte: from, lt: to }` →
 * `filter[createdAt][gte]=…&filter[createdAt][lt]=…`).
 */
export type FilterCondition = FilterValue | { readonly [Op in FilterOperator]?: FilterValue };

/** `field` sorts ascending, `-field` descending. */
export type SortKey<Field extends string = string> = Field | `-${Field}`;

/**
 * The query of a list (or, for `include`, a retrieve) request, typed by the
 * resource: `Field` are its filterable fields, `Include` its include paths
 * (nested as `a.b`), `SortField` its sortable fields.
 */
export interface ListQuery<Field extends string = string, Include extends string = string, SortField extends string = string> {
  /** ANDed conditions, one per field. Default: none. */
  filter?: { readonly [K in Field]?: FilterCondition };
  /** One key or several, most significant first (`['-createdAt', 'name']`). Default: the server's order. */
  sort?: SortKey<SortField> | readonly SortKey<SortField>[];
  /** `size` is 1..200 (server default 25), `number` is 1-based (default 1). */
  page?: { readonly size?: number | undefined; readonly number?: number | undefined };
  /** Related resources to return in `included`. Default: none. */
  include?: Include | readonly Include[];
}

/**
 * The conditions on one field as a query string carries them, every value a
 * list of strings: `value` holds `filter[f]=…`, each operator `filter[f][op]=…`.
 */
export type ParsedFilterCondition = { value?: string[] } & { [Op in FilterOperator]?: string[] };

/**
 * A query string read back: the normal form of a {@link ListQuery} (dates as
 * ISO strings, every scalar a string, every list an array). Every member is
 * always present, empty when the query string did not have it.
 */
export interface ParsedQuery {
  filter: Record<string, ParsedFilterCondition>;
  /** Sort keys in order, descending ones with their `-`. */
  sort: string[];
  page: { size?: number; number?: number };
  include: string[];
  /** Every other parameter (`sync=true` → `{ sync: 'true' }`), decoded, not split on commas. */
  extra: Record<string, string>;
}
