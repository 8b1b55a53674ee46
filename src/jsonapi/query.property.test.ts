import fc from 'fast-check';
import { InvalidRequestError } from '../errors';
import {
  FILTER_OPERATORS,
  MAX_PAGE_SIZE,
  parseQuery,
  serializeQuery,
  type FilterScalar,
  type ParsedFilterCondition,
  type ParsedQuery,
} from './query';

// Oracles written independently of the implementation.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
const validName = (s: string): boolean => s !== '' && wellFormed(s) && !/[[\]&=#\s\x00-\x1f\x7f]/.test(s);

const specials = ['&', '=', '#', '+', '%', ',', ' ', '[', ']', '?', '/', "'", ':', '.', '-', '%2C', '%25', '+%20', '\u0000', '\n', 'é', '😀', '日', 'a', 'Z', '9'];
/** Strings built to break a query string, plus arbitrary well-formed UTF-16 and prototype-ish names. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }).filter(wellFormed),
  fc.string({ unit: fc.constantFrom(...specials) }),
  fc.constantFrom('', '__proto__', 'constructor', 'toString', 'value', 'hasOwnProperty'),
);

const scalar: fc.Arbitrary<FilterScalar> = fc.oneof(
  hostile,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
);
const value = fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 4 }));
const operators = fc.dictionary(fc.constantFrom(...FILTER_OPERATORS), fc.option(value, { nil: undefined }), { maxKeys: 4 });
const condition = fc.oneof(value, operators);

const name = fc.oneof(hostile.filter(validName), fc.constantFrom('status', 'createdAt', 'delivery_status', '__proto__', 'a.b'));
const sortField = name.filter((n) => !n.includes(',') && !n.startsWith('-'));
const sortKey = fc.tuple(fc.boolean(), sortField).map(([descending, field]) => (descending ? `-${field}` : field));
const segment = name.filter((n) => !n.includes(',') && !n.includes('.'));
const includePath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('.'));
const extraName = name.filter((n) => !['filter', 'sort', 'page', 'include'].includes(n));

const query = fc
  .tuple(
    fc.record(
      {
        filter: fc.dictionary(name, fc.option(condition, { nil: undefined }), { maxKeys: 5 }),
        sort: fc.oneof(sortKey, fc.array(sortKey, { maxLength: 3 })),
        page: fc.record(
          { size: fc.option(fc.integer({ min: 1, max: MAX_PAGE_SIZE }), { nil: undefined }), number: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) },
          { requiredKeys: [] },
        ),
        include: fc.oneof(includePath, fc.array(includePath, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(extraName, fc.option(scalar, { nil: undefined }), { maxKeys: 3 }),
  )
  .map(([listQuery, extra]) => ({ ...extra, ...listQuery }) as Record<string, unknown>);

const text = (v: FilterScalar): string => (v instanceof Date ? v.toISOString() : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : [text(v as FilterScalar)]);
const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The normal form: undefined dropped, dates as ISO strings, scalars as strings, lists as arrays. */
function normalise(q: Record<string, unknown>): ParsedQuery {
  const filter: Array<[string, ParsedFilterCondition]> = [];
  for (const [field, cond] of Object.entries((q.filter ?? {}) as Record<string, unknown>)) {
    if (cond === undefined) continue;
    if (!isOperatorObject(cond)) {
      filter.push([field, { value: list(cond) }]);
      continue;
    }
    const ops = Object.entries(cond).filter(([, v]) => v !== undefined);
    if (ops.length > 0) filter.push([field, Object.fromEntries(ops.map(([op, v]) => [op, list(v)]))]);
  }
  const page = (q.page ?? {}) as { size?: number; number?: number };
  const extra = Object.entries(q).filter(([k, v]) => !['filter', 'sort', 'page', 'include'].includes(k) && v !== undefined);
  return {
    filter: Object.fromEntries(filter),
    sort: q.sort === undefined ? [] : ([] as string[]).concat(q.sort as string | string[]),
    page: { ...(page.size !== undefined && { size: page.size }), ...(page.number !== undefined && { number: page.number }) },
    include: q.include === undefined ? [] : ([] as string[]).concat(q.include as string | string[]),
    extra: Object.fromEntries(extra.map(([k, v]) => [k, text(v as FilterScalar)])),
  };
}

/** A string with exactly one unpaired surrogate, otherwise valid as a name or a value. */
const nameSafe = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '%', '+', '~', '/') });
const withLoneSurrogate = fc
  .tuple(nameSafe, fc.integer({ min: 0xd800, max: 0xdfff }), nameSafe)
  .map(([before, code, after]) => `${before}x${String.fromCharCode(code)}x${after}`);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('serializeQuery / parseQuery properties', () => {
  it('parseQuery(serializeQuery(q)) is the normal form of q', () => {
    fc.assert(
      fc.property(query, (q) => {
        expect(parseQuery(serializeQuery(q))).toEqual(normalise(q));
      }),
      { numRuns: 400 },
    );
  });

  it('sends only unreserved characters, %XX, ":" and the query syntax, unchanged by the URL parser', () => {
    fc.assert(
      fc.property(query, (q) => {
        const out = serializeQuery(q);
        expect(out).toMatch(/^(?:[A-Za-z0-9\-._~:[\],=&]|%[0-9A-F]{2})*$/);
        expect(new URL(`http://h/x?${out}`).search).toBe(out === '' ? '' : `?${out}`);
        // One `=` per parameter: no value or name can add another.
        for (const part of out === '' ? [] : out.split('&')) expect(part.split('=')).toHaveLength(2);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(query, (q) => expect(serializeQuery(q)).toBe(serializeQuery(q))), { numRuns: 50 });
  });

  it('any binary string as a value: round-trips when well-formed, InvalidRequestError otherwise', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (s, asExtra) => {
        const q = asExtra ? { q: s } : { filter: { f: { eq: s } } };
        if (wellFormed(s)) {
          const parsed = parseQuery(serializeQuery(q));
          expect(asExtra ? parsed.extra.q : parsed.filter.f?.eq).toEqual(asExtra ? s : [s]);
        } else {
          expect(thrown(() => serializeQuery(q))).toBeInstanceOf(InvalidRequestError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a lone surrogate anywhere is an InvalidRequestError naming the parameter', () => {
    const placements: Array<[string, (s: string) => Record<string, unknown>]> = [
      ['filter[f]', (s) => ({ filter: { f: s } })],
      ['filter[f]', (s) => ({ filter: { f: ['ok', s] } })],
      ['filter[f][prefix]', (s) => ({ filter: { f: { prefix: s } } })],
      ['filter', (s) => ({ filter: { [s]: 'x' } })],
      ['sort', (s) => ({ sort: ['a', `-${s}`] })],
      ['include', (s) => ({ include: [`a.${s}`] })],
      ['q', (s) => ({ q: s })],
      ['name', (s) => ({ [s]: 'x' })],
    ];
    fc.assert(
      fc.property(withLoneSurrogate, fc.constantFrom(...placements), (s, [param, build]) => {
        const error = thrown(() => serializeQuery(build(s)));
        expect(error).toBeInstanceOf(InvalidRequestError);
        const message = (error as Error).message;
        expect(message.startsWith(`Invalid query parameter ${param}: `)).toBe(true);
        expect(message).toContain('contains a lone UTF-16 surrogate, which cannot be sent in a URL');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses exactly the field names that would change the query', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...specials, '\t', '\u3000') })), (field) => {
        const error = thrown(() => serializeQuery({ filter: { [field]: 'x' } }));
        if (validName(field)) {
          expect(error).toBeUndefined();
          expect(Object.keys(parseQuery(serializeQuery({ filter: { [field]: 'x' } })).filter)).toEqual([field]);
        } else {
          expect(error).toBeInstanceOf(InvalidRequestError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts exactly the integer page sizes 1..200 and page numbers >= 1', () => {
    const number = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.integer());
    fc.assert(
      fc.property(number, number, (size, pageNumber) => {
        const sizeError = thrown(() => serializeQuery({ page: { size } }));
        const numberError = thrown(() => serializeQuery({ page: { number: pageNumber } }));
        expect(sizeError === undefined).toBe(Number.isInteger(size) && size >= 1 && size <= 200);
        expect(numberError === undefined).toBe(Number.isSafeInteger(pageNumber) && pageNumber >= 1);
        if (sizeError) expect((sizeError as Error).message).toContain('page[size]');
        if (numberError) expect((numberError as Error).message).toContain('page[number]');
      }),
      { numRuns: 300 },
    );
  });

  it('parseQuery never throws anything but InvalidRequestError, and never touches a prototype', () => {
    const queryText = fc.oneof(
      fc.string({ unit: fc.constantFrom(...specials, 'filter', 'sort', 'page', 'include', '[size]', '[number]', '[gt]', '__proto__', '%5B', '%5D', '%E0', '%F0%9F') }),
      query.map(serializeQuery),
    );
    fc.assert(
      fc.property(queryText, (s) => {
        const error = thrown(() => parseQuery(s));
        if (error !== undefined) expect(error).toBeInstanceOf(InvalidRequestError);
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('value');
        expect(({} as Record<string, unknown>).gt).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
