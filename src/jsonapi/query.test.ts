import createClient from 'openapi-fetch';
import { InvalidRequestError, RecruboError } from '../errors';
import { FILTER_OPERATORS, parseQuery, serializeQuery, type ListQuery, type ParsedQuery } from './query';

const day = new Date('2022-02-05T00:00:00.000Z');

// Every input with the exact string sent. Order: filter, sort, page[size],
// page[number], include, then other parameters; insertion order within each.
const golden: Array<[string, Record<string, unknown> | undefined, string]> = [
  ['undefined query', undefined, ''],
  ['empty query', {}, ''],
  ['only undefined members', { filter: undefined, sort: undefined, page: undefined, include: undefined, sync: undefined }, ''],
  ['empty filter, page, sort and include', { filter: {}, page: {}, sort: [], include: [] }, ''],
  ['one filter', { filter: { status: 'finished' } }, 'filter[status]=finished'],
  ['two filters in insertion order', { filter: { status: 'finished', messageThreadId: '7135853f-26ac-4a65-9044-cab092806249' } }, 'filter[status]=finished&filter[messageThreadId]=7135853f-26ac-4a65-9044-cab092806249'],
  ['undefined filter field dropped', { filter: { status: undefined, name: 'a' } }, 'filter[name]=a'],
  ['comma list', { filter: { status: ['finished', 'timeout'] } }, 'filter[status]=finished,timeout'],
  ['one-element list', { filter: { status: ['finished'] } }, 'filter[status]=finished'],
  ['operator eq', { filter: { name: { eq: 'Ann' } } }, 'filter[name][eq]=Ann'],
  ['operator eql', { filter: { name: { eql: 'ann' } } }, 'filter[name][eql]=ann'],
  ['operator prefix', { filter: { name: { prefix: 'An' } } }, 'filter[name][prefix]=An'],
  ['operator suffix', { filter: { name: { suffix: 'nn' } } }, 'filter[name][suffix]=nn'],
  ['operator gt with a Date', { filter: { created_at: { gt: day } } }, 'filter[created_at][gt]=2022-02-05T00:00:00.000Z'],
  ['operator gte', { filter: { cost: { gte: 1.5 } } }, 'filter[cost][gte]=1.5'],
  ['operator lt', { filter: { cost: { lt: -2 } } }, 'filter[cost][lt]=-2'],
  ['operator lte', { filter: { cost: { lte: 0 } } }, 'filter[cost][lte]=0'],
  ['operator match with a list', { filter: { delivery_status: { match: ['sent', 'accepted'] } } }, 'filter[delivery_status][match]=sent,accepted'],
  ['range: two operators in insertion order', { filter: { createdAt: { lt: '2024-02-01', gte: '2024-01-01' } } }, 'filter[createdAt][lt]=2024-02-01&filter[createdAt][gte]=2024-01-01'],
  ['undefined operator dropped', { filter: { createdAt: { gt: undefined, lt: 3 } } }, 'filter[createdAt][lt]=3'],
  ['all operators undefined: field dropped', { filter: { createdAt: { gt: undefined } } }, ''],
  ['date string as given', { filter: { created_at: { gt: '2022-02-05' } } }, 'filter[created_at][gt]=2022-02-05'],
  ['date with milliseconds', { filter: { createdAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) } }, 'filter[createdAt]=2024-01-02T03:04:05.678Z'],
  ['list of dates', { filter: { createdAt: [day, new Date(0)] } }, 'filter[createdAt]=2022-02-05T00:00:00.000Z,1970-01-01T00:00:00.000Z'],
  ['booleans', { filter: { archived: false, active: true } }, 'filter[archived]=false&filter[active]=true'],
  ['numbers', { filter: { n: 42, x: -0.25, big: 1e21 } }, 'filter[n]=42&filter[x]=-0.25&filter[big]=1e%2B21'],
  ['mixed list', { filter: { v: ['a', 1, true, day] } }, 'filter[v]=a,1,true,2022-02-05T00:00:00.000Z'],
  ['empty string value', { filter: { name: '' } }, 'filter[name]='],
  ['ampersand', { filter: { name: 'a&b' } }, 'filter[name]=a%26b'],
  ['equals sign', { filter: { name: 'a=b' } }, 'filter[name]=a%3Db'],
  ['hash', { filter: { name: 'a#b' } }, 'filter[name]=a%23b'],
  ['plus', { filter: { phone: '+31612345678' } }, 'filter[phone]=%2B31612345678'],
  ['percent, also an encoded-looking one', { filter: { name: '100%', raw: '%2C' } }, 'filter[name]=100%25&filter[raw]=%252C'],
  ['comma inside one element', { filter: { name: ['Doe, Jane', 'Roe'] } }, 'filter[name]=Doe%2C%20Jane,Roe'],
  ['comma in a scalar', { filter: { name: 'a,b' } }, 'filter[name]=a%2Cb'],
  ['spaces, tab and newline', { filter: { name: ' a b\t\n' } }, 'filter[name]=%20a%20b%09%0A'],
  ['question mark, slash, brackets in a value', { filter: { q: '?/[x]' } }, 'filter[q]=%3F%2F%5Bx%5D'],
  ["sub-delims !'()*; and quotes", { filter: { q: `!'()*;$"<>` } }, 'filter[q]=%21%27%28%29%2A%3B%24%22%3C%3E'],
  ['colon kept literal', { filter: { t: '12:30' } }, 'filter[t]=12:30'],
  ['unreserved kept literal', { filter: { q: 'aZ09-._~' } }, 'filter[q]=aZ09-._~'],
  ['unicode (2-, 3-, 4-byte UTF-8)', { filter: { name: 'Zoë 日本 😀' } }, 'filter[name]=Zo%C3%AB%20%E6%97%A5%E6%9C%AC%20%F0%9F%98%80'],
  ['NUL and DEL in a value', { filter: { q: '\u0000\u007f' } }, 'filter[q]=%00%7F'],
  ['field name with reserved characters encoded', { filter: { 'a/b?c%d+e,f': 1 } }, 'filter[a%2Fb%3Fc%25d%2Be%2Cf]=1'],
  ['unicode field name', { filter: { 'naïve': 1 } }, 'filter[na%C3%AFve]=1'],
  ['dotted field name', { filter: { 'candidate.name': 'x' } }, 'filter[candidate.name]=x'],
  ['sort ascending', { sort: 'createdAt' }, 'sort=createdAt'],
  ['sort descending', { sort: '-createdAt' }, 'sort=-createdAt'],
  ['several sort keys', { sort: ['-createdAt', 'name'] }, 'sort=-createdAt,name'],
  ['sort key with a reserved character', { sort: ['-a+b'] }, 'sort=-a%2Bb'],
  ['page size', { page: { size: 200 } }, 'page[size]=200'],
  ['page number', { page: { number: 3 } }, 'page[number]=3'],
  ['page size before number whatever the key order', { page: { number: 1, size: 25 } }, 'page[size]=25&page[number]=1'],
  ['page undefined members dropped', { page: { size: undefined, number: 2 } }, 'page[number]=2'],
  ['include one', { include: ['flow'] }, 'include=flow'],
  ['include as a single string', { include: 'flow' }, 'include=flow'],
  ['include several, nested', { include: ['flow', 'messageThread.candidate', 'a.b.c'] }, 'include=flow,messageThread.candidate,a.b.c'],
  ['extra boolean', { sync: true }, 'sync=true'],
  ['extra number and string, insertion order', { b: 2, a: 'x y' }, 'b=2&a=x%20y'],
  ['extra Date', { at: day }, 'at=2022-02-05T00:00:00.000Z'],
  ['extra with a comma is one value', { q: 'a,b' }, 'q=a%2Cb'],
  ['extra name encoded', { 'x/y': 1 }, 'x%2Fy=1'],
  [
    'reserved keys in canonical order, extras last, whatever the input order',
    { sync: false, include: ['flow'], page: { number: 2, size: 50 }, sort: ['-createdAt', 'name'], filter: { status: ['finished', 'timeout'], createdAt: { gte: day } } },
    'filter[status]=finished,timeout&filter[createdAt][gte]=2022-02-05T00:00:00.000Z&sort=-createdAt,name&page[size]=50&page[number]=2&include=flow&sync=false',
  ],
];

describe('serializeQuery: golden table', () => {
  it('has at least 40 rows', () => expect(golden.length).toBeGreaterThanOrEqual(40));

  it.each(golden)('%s', (_name, query, expected) => {
    expect(serializeQuery(query)).toBe(expected);
  });

  it.each(golden)('%s: survives the WHATWG URL parser fetch uses, unchanged', (_name, query, expected) => {
    const url = new URL(`http://h/x?${expected}`);
    expect(url.search).toBe(expected === '' ? '' : `?${expected}`);
  });

  it.each(golden)('%s: string filter values read back with URLSearchParams as a server will', (_name, query, expected) => {
    const params = new URLSearchParams(expected);
    const q = query ?? {};
    const filter = (q.filter ?? {}) as Record<string, unknown>;
    for (const [field, condition] of Object.entries(filter)) {
      if (typeof condition === 'string') expect(params.get(`filter[${field}]`)).toBe(condition);
    }
  });
});

const l = (...v: string[]): string[] => v;
const parsedGolden: Array<[string, string, Partial<ParsedQuery>]> = [
  ['empty', '', {}],
  ['just "?"', '?', {}],
  ['leading ? and stray & (as the docs write it)', '?&page[size]=25&page[number]=1', { page: { size: 25, number: 1 } }],
  ['encoded brackets', 'filter%5Bstatus%5D%5Bmatch%5D=a,b', { filter: { status: { match: l('a', 'b') } } }],
  ['%2C stays inside one element', 'filter[name]=Doe%2C%20Jane,Roe', { filter: { name: { value: l('Doe, Jane', 'Roe') } } }],
  ['+ is a space, %2B a plus', 'filter[q]=a+b%2Bc', { filter: { q: { value: l('a b+c') } } }],
  ['value and operator on one field', 'filter[n]=1&filter[n][gt]=0', { filter: { n: { value: l('1'), gt: l('0') } } }],
  ['no = means an empty value', 'sync', { extra: { sync: '' } }],
  ['extra keeps its commas', 'q=a,b', { extra: { q: 'a,b' } }],
  ['__proto__ is an ordinary name', 'filter[__proto__]=x&__proto__=y', { filter: JSON.parse('{"__proto__":{"value":["x"]}}'), extra: JSON.parse('{"__proto__":"y"}') }],
];

describe('parseQuery', () => {
  it.each(parsedGolden)('%s', (_name, text, expected) => {
    const parsed = parseQuery(text);
    expect(parsed).toEqual({ filter: {}, sort: [], page: {}, include: [], extra: {}, ...expected });
    expect(Object.getPrototypeOf(parsed.filter)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).value).toBeUndefined();
  });

  it('reads back the canonical example', () => {
    expect(parseQuery('filter[status]=finished,timeout&filter[createdAt][gte]=2022-02-05T00:00:00.000Z&sort=-createdAt,name&page[size]=50&page[number]=2&include=flow,a.b&sync=false')).toEqual({
      filter: { status: { value: ['finished', 'timeout'] }, createdAt: { gte: ['2022-02-05T00:00:00.000Z'] } },
      sort: ['-createdAt', 'name'],
      page: { size: 50, number: 2 },
      include: ['flow', 'a.b'],
      extra: { sync: 'false' },
    });
  });

  const badStrings: Array<[string, string]> = [
    ['page[size]=500', 'page[size]: must be an integer from 1 to 200, got 500'],
    ['page[size]=0', 'page[size]'],
    ['page[size]=2.5', 'page[size]: "2.5" is not an integer'],
    ['page[number]=0', 'page[number]: must be an integer of at least 1'],
    ['page[offset]=3', 'page[offset]: is not supported'],
    ['page=3', 'page: use page[size] and page[number]'],
    ['filter[status][like]=x', 'filter[status]: unknown operator "like"'],
    ['filter=x', 'filter: use filter[field]=value'],
    ['filter[a][gt][x]=1', 'filter[a][gt][x]: use filter[field]'],
    ['filter[]=x', 'filter: field name is empty'],
    ['filter[][gt]=x', 'filter: field name is empty'],
    ['filter[a%20b]=x', 'field name "a b" contains " "'],
    ['filter[a]=1&filter%5Ba%5D=2', 'filter[a]: is given twice'],
    ['sort=a&sort=b', 'sort: is given twice'],
    ['sort=', 'sort: a sort key is empty'],
    ['sort=--a', 'sort: "--a": use one "-"'],
    ['include=a..b', 'include: "a..b" has an empty segment'],
    ['include=a,', 'include: an include path is empty'],
    ['fields[x]=a', 'fields[x]: is not supported'],
    ['filter[a=1', 'filter[a: is not a valid parameter name'],
    ['q=%ZZ', 'q: "%ZZ" is not valid percent-encoded UTF-8'],
    ['q=%ED%A0%80', 'q: "%ED%A0%80" is not valid percent-encoded UTF-8'],
    ['=x', 'name: parameter name is empty'],
  ];
  it.each(badStrings)('refuses %s', (text, fragment) => {
    expect(() => parseQuery(text)).toThrow(InvalidRequestError);
    expect(() => parseQuery(text)).toThrow(/^Invalid query parameter /);
    expect(() => parseQuery(text)).toThrow(fragment);
  });
});

const badInputs: Array<[string, unknown, string]> = [
  ['page size too large', { page: { size: 500 } }, 'page[size]: must be an integer from 1 to 200, got 500'],
  ['page size 0', { page: { size: 0 } }, 'page[size]: must be an integer from 1 to 200, got 0'],
  ['page size fractional', { page: { size: 2.5 } }, 'page[size]: must be an integer from 1 to 200, got 2.5'],
  ['page size a string', { page: { size: '50' } }, 'page[size]: must be an integer from 1 to 200, got "50"'],
  ['page size NaN', { page: { size: NaN } }, 'got NaN'],
  ['page number 0', { page: { number: 0 } }, 'page[number]: must be an integer of at least 1 (pages are 1-based), got 0'],
  ['page number negative', { page: { number: -1 } }, 'page[number]: must be an integer of at least 1'],
  ['page number fractional', { page: { number: 1.5 } }, 'page[number]'],
  ['page number Infinity', { page: { number: Infinity } }, 'got Infinity'],
  ['page number unsafe', { page: { number: 2 ** 53 } }, 'page[number]'],
  ['page unknown key', { page: { offset: 10 } }, 'page[offset]: is not supported'],
  ['page not an object', { page: 2 }, 'page: must be an object like { size: 50, number: 2 }, got 2'],
  ['unknown operator', { filter: { status: { like: 'x' } } }, 'filter[status]: unknown operator "like"; use one of eq, eql, prefix, suffix, gt, gte, lt, lte, match'],
  ['unknown operator even when undefined', { filter: { status: { lke: undefined } } }, 'unknown operator "lke"'],
  ['operator in upper case', { filter: { status: { EQ: 'x' } } }, 'unknown operator "EQ"'],
  ['nested object under an operator', { filter: { a: { gt: { b: 1 } } } }, 'filter[a][gt]: operator values may not be objects'],
  ['empty list', { filter: { status: [] } }, 'filter[status]: an empty list matches nothing'],
  ['empty list under an operator', { filter: { status: { match: [] } } }, 'filter[status][match]: an empty list'],
  ['nested list', { filter: { status: [['a']] } }, 'filter[status]: lists may not be nested'],
  ['undefined in a list', { filter: { status: ['a', undefined] } }, 'filter[status]: a list may not contain undefined'],
  ['null filter value', { filter: { status: null } }, 'filter[status]: null is not a value; leave the parameter out (or set it to undefined) to send nothing'],
  ['null in a list', { filter: { status: ['a', null] } }, 'filter[status]: null is not a value'],
  ['null filter', { filter: null }, 'filter: null is not a value'],
  ['null extra', { sync: null }, 'sync: null is not a value'],
  ['NaN', { filter: { n: NaN } }, 'filter[n]: NaN is not a finite number'],
  ['Infinity', { filter: { n: { gt: -Infinity } } }, 'filter[n][gt]: -Infinity is not a finite number'],
  ['invalid Date', { filter: { at: new Date('nope') } }, 'filter[at]: the Date is invalid'],
  ['bigint', { filter: { n: 1n } }, 'filter[n]: 1n is not a string, number, boolean or Date'],
  ['symbol', { filter: { n: Symbol('s') } }, 'is not a string, number, boolean or Date'],
  ['a Map', { filter: { n: new Map() } }, 'filter[n]: an object is not a string'],
  ['filter is an array', { filter: ['a'] }, 'filter: must be an object of field conditions, got an array'],
  ['field name with [', { filter: { 'a[b': 1 } }, 'filter: field name "a[b" contains "["'],
  ['field name with ]', { filter: { 'a]': 1 } }, 'contains "]"'],
  ['field name with &', { filter: { 'a&b': 1 } }, 'contains "&"'],
  ['field name with =', { filter: { 'a=b': 1 } }, 'contains "="'],
  ['field name with #', { filter: { 'a#': 1 } }, 'contains "#"'],
  ['field name with a space', { filter: { 'a b': 1 } }, 'contains " "'],
  ['field name with a tab', { filter: { 'a\tb': 1 } }, 'contains "\\t"'],
  ['field name with a no-break space', { filter: { 'a\u00a0b': 1 } }, 'contains "\u00a0"'],
  ['field name with a control character', { filter: { 'a\u0001': 1 } }, 'contains "\\u0001"'],
  ['invalid field name even with an undefined value', { filter: { 'a b': undefined } }, 'field name "a b"'],
  ['empty field name', { filter: { '': 1 } }, 'filter: field name is empty'],
  ['lone surrogate in a value', { filter: { name: 'a\ud800' } }, 'filter[name]: "a\\ud800" contains a lone UTF-16 surrogate'],
  ['lone low surrogate in a list', { filter: { name: ['ok', '\udc00'] } }, 'lone UTF-16 surrogate'],
  ['lone surrogate in a field name', { filter: { ['\ud83d']: 1 } }, 'filter: "\\ud83d" contains a lone UTF-16 surrogate'],
  ['lone surrogate in an extra', { q: '\udfff' }, 'q: "\\udfff" contains a lone UTF-16 surrogate'],
  ['empty sort string', { sort: '' }, 'sort: a sort key is empty'],
  ['empty sort key in a list', { sort: ['a', ''] }, 'sort: a sort key is empty'],
  ['bare minus', { sort: '-' }, 'sort: "-" has no field name'],
  ['double minus', { sort: '--a' }, 'use one "-"'],
  ['comma-joined sort string', { sort: '-createdAt,name' }, `sort: "-createdAt,name" contains a comma; pass several as an array: ['-createdAt', 'name']`],
  ['sort key with a space', { sort: 'created At' }, 'sort: field name "created At" contains " "'],
  ['sort key not a string', { sort: [1] }, 'sort: every entry must be a string, got 1'],
  ['sort not a string or array', { sort: { createdAt: 'desc' } }, 'sort: must be a string or an array of strings'],
  ['empty include string', { include: '' }, 'include: an include path is empty'],
  ['empty include in a list', { include: ['flow', ''] }, 'include: an include path is empty'],
  ['include with an empty segment', { include: ['a.'] }, 'include: "a." has an empty segment'],
  ['include with a comma', { include: ['a,b'] }, 'include: "a,b" contains a comma'],
  ['include with &', { include: ['a&b'] }, 'include: relationship name "a&b" contains "&"'],
  ['extra object', { fields: { flowRuns: 'status' } }, 'fields: an object is not supported'],
  ['extra array', { ids: ['a', 'b'] }, 'ids: an array is not supported'],
  ['extra name with [', { 'fields[x]': 'a' }, 'name: parameter name "fields[x]" contains "["'],
  ['query not an object', 'filter=x', 'query: must be an object of parameters, got "filter=x"'],
];

describe('serializeQuery: refuses bad input before any request', () => {
  it.each(badInputs)('%s', (_name, query, fragment) => {
    let thrown: unknown;
    try {
      serializeQuery(query as Record<string, unknown>);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    expect(thrown).toBeInstanceOf(RecruboError);
    expect((thrown as Error).message).toMatch(/^Invalid query parameter /);
    expect((thrown as Error).message).toContain(fragment);
  });

  it('keeps long values out of the message', () => {
    expect(() => serializeQuery({ filter: { a: { ['y'.repeat(1000)]: 1 } } })).toThrow(/unknown operator "y{39}…"; use one of/);
    let message = '';
    try {
      serializeQuery({ sort: 'a b'.repeat(500) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('sort: field name "a ba ba');
    expect(message.length).toBeLessThan(200);
  });

  it('does not mutate its input', () => {
    const query = { filter: { status: ['a', 'b'], createdAt: { gt: day } }, sort: ['-a'], page: { size: 5 } };
    const copy = structuredClone(query);
    serializeQuery(query);
    expect(query).toEqual(copy);
  });
});

describe('types', () => {
  it('exports the documented operators', () => {
    expect(FILTER_OPERATORS).toEqual(['eq', 'eql', 'prefix', 'suffix', 'gt', 'gte', 'lt', 'lte', 'match']);
    expect(Object.isFrozen(FILTER_OPERATORS)).toBe(true);
  });

  it('types ListQuery by resource (checked by tsc)', () => {
    type FlowRunQuery = ListQuery<'status' | 'createdAt', 'flow' | 'messageThread.candidate', 'createdAt'>;
    const ok: FlowRunQuery = {
      filter: { status: ['finished', 'timeout'], createdAt: { gte: day, lt: '2024-01-01' } },
      sort: ['-createdAt', 'createdAt'],
      page: { size: 50, number: 2 },
      include: ['flow', 'messageThread.candidate'],
    };
    // @ts-expect-error not a filterable field
    const badField: FlowRunQuery = { filter: { cost: 1 } };
    // @ts-expect-error not an operator
    const badOperator: FlowRunQuery = { filter: { status: { like: 'x' } } };
    // @ts-expect-error not a sortable field
    const badSort: FlowRunQuery = { sort: '-status' };
    // @ts-expect-error not an include path
    const badInclude: FlowRunQuery = { include: ['candidate'] };
    // @ts-expect-error objects are not filter values
    const badValue: FlowRunQuery = { filter: { status: { eq: { a: 1 } } } };
    expect(serializeQuery(ok)).toBe(
      'filter[status]=finished,timeout&filter[createdAt][gte]=2022-02-05T00:00:00.000Z&filter[createdAt][lt]=2024-01-01&sort=-createdAt,createdAt&page[size]=50&page[number]=2&include=flow,messageThread.candidate',
    );
    expect([badField, badOperator, badSort, badInclude, badValue]).toHaveLength(5);
  });
});

describe('as openapi-fetch querySerializer', () => {
  let captured: string | undefined;
  const client = createClient({
    baseUrl: 'http://127.0.0.1:9',
    querySerializer: serializeQuery,
    fetch: async (request: Request) => {
      captured = request.url;
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    },
  });
  beforeEach(() => {
    captured = undefined;
  });

  it('builds the exact URL', async () => {
    await client.GET('/flow-runs' as never, {
      params: {
        query: {
          filter: { status: ['finished', 'timeout'], createdAt: { gt: day }, name: "O'Brien & Sons, Ltd." },
          sort: ['-createdAt', 'name'],
          page: { size: 50, number: 2 },
          include: ['flow', 'messageThread.candidate'],
          sync: true,
        },
      },
    } as never);
    expect(captured).toBe(
      'http://127.0.0.1:9/flow-runs?filter[status]=finished,timeout&filter[createdAt][gt]=2022-02-05T00:00:00.000Z&filter[name]=O%27Brien%20%26%20Sons%2C%20Ltd.&sort=-createdAt,name&page[size]=50&page[number]=2&include=flow,messageThread.candidate&sync=true',
    );
  });

  it('adds no "?" for an empty query or no query at all', async () => {
    await client.GET('/x' as never, { params: { query: { sync: undefined } } } as never);
    expect(captured).toBe('http://127.0.0.1:9/x');
    await client.GET('/x' as never, {} as never);
    expect(captured).toBe('http://127.0.0.1:9/x');
  });

  it('throws InvalidRequestError before fetch is called', async () => {
    await expect(client.GET('/x' as never, { params: { query: { page: { size: 500 } } } } as never)).rejects.toThrow(InvalidRequestError);
    expect(captured).toBeUndefined();
  });
});
