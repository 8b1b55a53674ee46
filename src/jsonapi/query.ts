/**
 * Recrubo's JSON:API query string: `filter[f]=v`, `filter[f][op]=v`, comma
 * lists, `sort=-a,b`, `page[size]`/`page[number]`, `include=a,b.c`.
 *
 * `serializeQuery` is openapi-fetch's `querySerializer` (its default cannot
 * write nested filters or comma lists); `parseQuery` is its inverse, for
 * property tests and mock servers. Both refuse what Recrubo would refuse, with
 * an `InvalidRequestError` naming the parameter, so nothing bad is ever sent.
 *
 * Output order is fixed: filter, sort, page[size], page[number], include,
 * then any other parameter. Within `filter` (fields, then operators) and among
 * the other parameters, the caller's key order is kept.
 */
import { InvalidRequestError } from '../errors';
import {
  FILTER_OPERATORS,
  MAX_PAGE_SIZE,
  type FilterOperator,
  type ListQuery,
  type ParsedQuery,
} from './query-types';

export * from './query-types';

/** The parameters with a syntax of their own, in the order they are written. */
const RESERVED_KEYS = ['filter', 'sort', 'page', 'include'];

/**
 * Characters that would change the meaning of a parameter name (`[`, `]`,
 * `&`, `=`, `#`), whitespace (`\s`, Unicode spaces included) and control
 * characters. Refused rather than encoded: servers differ in whether they
 * decode names before splitting brackets.
 */
const FORBIDDEN_IN_NAME = /[[\]&=#\s\u0000-\u001f\u007f]/u;

// Message fragments used more than once.
const NULL_VALUE = 'null is not a value; leave the parameter out (or set it to undefined) to send nothing';
const SORT_EXAMPLE = "['-createdAt', 'name']";
const INCLUDE_EXAMPLE = "['flow', 'messageThread.candidate']";

function fail(param: string, problem: string): never {
  throw new InvalidRequestError(`Invalid query parameter ${param}: ${problem}`);
}

/** A short, safe rendering of a value for an error message. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    const json = JSON.stringify(value);
    return json.length > 42 ? `${json.slice(0, 40)}…"` : json;
  }
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? `${value}n` : String(value);
  return Array.isArray(value) ? 'an array' : isDate(value) ? 'an invalid Date' : 'an object';
}

// Tag checks rather than `instanceof`, so values from another realm (vm, jest) pass.
const tag = (value: unknown): string => Object.prototype.toString.call(value);

function isDate(value: unknown): value is Date {
  return tag(value) === '[object Date]';
}

/** An object literal or `Object.create(null)`. (No primitive, null or function has the tag `[object Object]`.) */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (tag(value) !== '[object Object]') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Percent-encodes every UTF-8 byte outside RFC 3986's unreserved set
 * (`A-Z a-z 0-9 - . _ ~`), except `:`, which is legal in a query and keeps
 * ISO timestamps readable. Stricter than `encodeURIComponent`, which leaves
 * `!'()*`: the WHATWG URL parser that `fetch` uses rewrites `'` to `%27`, and
 * the string we build should be the string that is sent. A lone surrogate
 * cannot be UTF-8 encoded at all; replacing it with U+FFFD would silently
 * send a different value, so it is refused.
 */
function encode(text: string, param: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    return fail(param, `${show(text)} contains a lone UTF-16 surrogate, which cannot be sent in a URL`);
  }
  return encoded
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/g, ':');
}

/** Checks a field name, operator-free parameter name or include segment, and encodes it. */
function encodeName(name: string, param: string, what: string): string {
  if (name === '') fail(param, `${what} is empty`);
  const bad = FORBIDDEN_IN_NAME.exec(name);
  if (bad) {
    fail(param, `${what} ${show(name)} contains ${JSON.stringify(bad[0])}; names may not contain [ ] & = # whitespace or control characters`);
  }
  return encode(name, param);
}

/** A scalar as the text the server receives. */
function scalarText(value: unknown, param: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && !Number.isFinite(value)) fail(param, `${show(value)} is not a finite number`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isDate(value)) {
    if (Number.isNaN(value.getTime())) fail(param, 'the Date is invalid');
    return value.toISOString();
  }
  return fail(
    param,
    value === undefined ? 'a list may not contain undefined' : value === null ? NULL_VALUE : `${show(value)} is not a string, number, boolean or Date`,
  );
}

/** A scalar or a comma list. A `,` inside one element is sent as `%2C`, so the server's split is unambiguous. */
function encodeValue(value: unknown, param: string): string {
  if (!Array.isArray(value)) return encode(scalarText(value, param), param);
  // An empty list would have to be left out, which turns "status in ()" into
  // "any status": refuse it instead of widening the query.
  if (value.length === 0) fail(param, 'an empty list matches nothing and cannot be sent; leave the filter out instead');
  return value
    .map((element: unknown) => {
      if (Array.isArray(element)) fail(param, 'lists may not be nested');
      return encode(scalarText(element, param), param);
    })
    .join(',');
}

function checkOperator(param: string, op: string): asserts op is FilterOperator {
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
    fail(param, `unknown operator ${show(op)}; use one of ${FILTER_OPERATORS.join(', ')}`);
  }
}

function serializeFilter(filter: unknown, out: string[]): void {
  if (!isPlainObject(filter)) fail('filter', `must be an object of field conditions, got ${show(filter)}`);
  for (const field of Object.keys(filter)) {
    const condition = filter[field];
    const name = `filter[${encodeName(field, 'filter', 'field name')}]`;
    if (condition === undefined) continue;
    const param = `filter[${field}]`;
    if (!isPlainObject(condition)) {
      out.push(`${name}=${encodeValue(condition, param)}`);
      continue;
    }
    for (const op of Object.keys(condition)) {
      // A misspelt operator is refused even when its value is undefined: it is a bug either way.
      checkOperator(param, op);
      const value = condition[op];
      if (value === undefined) continue;
      if (isPlainObject(value)) fail(`${param}[${op}]`, 'operator values may not be objects');
      out.push(`${name}[${op}]=${encodeValue(value, `${param}[${op}]`)}`);
    }
  }
}

/** `sort` or `include`: one string or an array of strings (an empty array means "not given"), written comma-separated. */
function serializeList(value: unknown, param: 'sort' | 'include', out: string[]): void {
  const [example, encodeEntry] = param === 'sort' ? [SORT_EXAMPLE, encodeSortKey] : [INCLUDE_EXAMPLE, encodeIncludePath];
  if (typeof value === 'string') value = [value];
  if (!Array.isArray(value)) fail(param, `must be a string or an array of strings like ${example}, got ${show(value)}`);
  const entries = (value as unknown[]).map((entry) => {
    if (typeof entry !== 'string') fail(param, `every entry must be a string, got ${show(entry)}`);
    return entry;
  });
  if (entries.length > 0) out.push(`${param}=${entries.map((entry) => encodeEntry(entry)).join(',')}`);
}

/** One sort key or include path is neither empty nor a comma-joined list. */
function checkEntry(entry: string, param: string, what: string, example: string): void {
  if (entry === '') fail(param, `${what} is empty`);
  if (entry.includes(',')) fail(param, `${show(entry)} contains a comma; pass several as an array: ${example}`);
}

/** Validates one sort key (`name` or `-name`) and returns it encoded. */
function encodeSortKey(key: string): string {
  checkEntry(key, 'sort', 'a sort key', SORT_EXAMPLE);
  const field = key.replace(/^-/, '');
  if (field === '') fail('sort', '"-" has no field name');
  if (field.startsWith('-')) fail('sort', `${show(key)}: use one "-" for descending order`);
  return (field === key ? '' : '-') + encodeName(field, 'sort', 'field name');
}

/** Validates one include path (`a` or `a.b.c`) and returns it encoded. */
function encodeIncludePath(path: string): string {
  checkEntry(path, 'include', 'an include path', INCLUDE_EXAMPLE);
  return path
    .split('.')
    .map((segment) => {
      if (segment === '') fail('include', `${show(path)} has an empty segment; nest paths as "a.b"`);
      return encodeName(segment, 'include', 'relationship name');
    })
    .join('.');
}

/** `page[size]` (1 to MAX_PAGE_SIZE) or `page[number]` (from 1). */
function checkPage(key: string, value: unknown): number {
  const isSize = key === 'size';
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || (isSize && value > MAX_PAGE_SIZE)) {
    fail(`page[${key}]`, `must be an integer ${isSize ? `from 1 to ${MAX_PAGE_SIZE}` : 'of at least 1 (pages are 1-based)'}, got ${show(value)}`);
  }
  return value;
}

function serializePage(page: unknown, out: string[]): void {
  if (!isPlainObject(page)) fail('page', `must be an object like { size: 50, number: 2 }, got ${show(page)}`);
  for (const key of Object.keys(page)) {
    if (key !== 'size' && key !== 'number') fail(`page[${key}]`, 'is not supported; Recrubo pages with page[size] and page[number]');
  }
  for (const key of ['size', 'number']) {
    if (page[key] !== undefined) out.push(`page[${key}]=${checkPage(key, page[key])}`);
  }
}

/**
 * Serializes a query for openapi-fetch (`createClient({ querySerializer: serializeQuery })`):
 * the query string without its `?`, or `''` for an empty query.
 *
 * `undefined` anywhere in an object is left out; `null` is an error (it reads
 * like "is null", which Recrubo has no syntax for, and silently dropping it
 * would widen the query). Keys other than filter/sort/page/include are sent as
 * `key=value` with a scalar value.
 *
 * @throws InvalidRequestError naming the parameter, for anything out of range.
 */
export function serializeQuery(query: ListQuery | Readonly<Record<string, unknown>> | undefined): string {
  if (query === undefined) return '';
  if (!isPlainObject(query)) fail('query', `must be an object of parameters, got ${show(query)}`);
  const q: Record<string, unknown> = query;
  const out: string[] = [];
  for (const key of RESERVED_KEYS) {
    if (q[key] === null) fail(key, NULL_VALUE);
  }
  for (const key of RESERVED_KEYS) {
    const value = q[key];
    if (value === undefined) continue;
    if (key === 'filter') serializeFilter(value, out);
    else if (key === 'page') serializePage(value, out);
    else serializeList(value, key as 'sort' | 'include', out);
  }
  for (const key of Object.keys(q)) {
    if (RESERVED_KEYS.includes(key)) continue;
    const value = q[key];
    const name = encodeName(key, 'name', 'parameter name');
    if (value === undefined) continue;
    if (Array.isArray(value) || isPlainObject(value)) {
      fail(key, `${show(value)} is not supported; only filter, sort, page and include take lists or nested parameters`);
    }
    out.push(`${name}=${encode(scalarText(value, key), key)}`);
  }
  return out.join('&');
}

function decode(raw: string, param: string): string {
  try {
    // `+` is a space in form-encoded queries, as servers read them; we never send a bare `+`.
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return fail(param, `${show(raw)} is not valid percent-encoded UTF-8`);
  }
}

/** Splits on the literal commas only: an encoded `%2C` stays inside its element. */
function decodeList(raw: string, param: string): string[] {
  return raw.split(',').map((part) => decode(part, param));
}

/** An own data property even for keys like `__proto__`, so no prototype is ever touched. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function parsePageValue(raw: string, param: string): number {
  const text = decode(raw, param);
  if (!/^[0-9]+$/.test(text)) fail(param, `${show(text)} is not an integer`);
  return Number(text);
}

/**
 * Reads a query string (with or without its `?`) back into its normal form.
 * Applies the same rules as {@link serializeQuery}, so a mock server can
 * answer 400 where Recrubo would; a parameter given twice is refused.
 *
 * @throws InvalidRequestError naming the parameter.
 */
export function parseQuery(queryString: string): ParsedQuery {
  const text = queryString.startsWith('?') ? queryString.slice(1) : queryString;
  const parsed: ParsedQuery = { filter: {}, sort: [], page: {}, include: [], extra: {} };
  const seen = new Set<string>();
  // Recrubo's own docs write `?&page[size]=25`: empty segments are skipped.
  for (const segment of text.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    const name = decode(rawName, 'name');
    if (seen.has(name)) fail(name, 'is given twice');
    seen.add(name);
    const match = /^([^[\]]*)((?:\[[^[\]]*\])*)$/.exec(name);
    if (!match) fail(name, 'is not a valid parameter name');
    const base = match[1] ?? '';
    const brackets = match[2] ? match[2].slice(1, -1).split('][') : [];
    if (base === 'filter') {
      const [field = '', op, ...rest] = brackets;
      if (brackets.length === 0 || rest.length > 0) fail(name, 'use filter[field]=value or filter[field][operator]=value');
      encodeName(field, 'filter', 'field name');
      // Own-property lookup: `parsed.filter['__proto__']` would be Object.prototype.
      let condition = Object.prototype.hasOwnProperty.call(parsed.filter, field) ? parsed.filter[field] : undefined;
      if (condition === undefined) {
        condition = {};
        setOwn(parsed.filter, field, condition);
      }
      if (op !== undefined) checkOperator(`filter[${field}]`, op);
      condition[op ?? 'value'] = decodeList(rawValue, name);
    } else if (brackets.length > 0) {
      if (base !== 'page' || brackets.length !== 1 || (brackets[0] !== 'size' && brackets[0] !== 'number')) {
        fail(name, 'is not supported; nested parameters are filter[…] and page[size]/page[number]');
      }
      parsed.page[brackets[0]] = checkPage(brackets[0], parsePageValue(rawValue, name));
    } else if (base === 'sort') {
      parsed.sort = decodeList(rawValue, 'sort');
      parsed.sort.forEach(encodeSortKey);
    } else if (base === 'include') {
      parsed.include = decodeList(rawValue, 'include');
      parsed.include.forEach(encodeIncludePath);
    } else if (base === 'page') {
      fail('page', 'use page[size] and page[number]');
    } else {
      encodeName(base, 'name', 'parameter name');
      setOwn(parsed.extra, base, decode(rawValue, base));
    }
  }
  return parsed;
}
