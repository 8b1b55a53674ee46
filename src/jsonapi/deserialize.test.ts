import { inspect } from 'node:util';
import { RecruboError, ResponseParseError } from '../errors';
import {
  deserialize,
  getIdentifierMeta,
  getLinks,
  getMeta,
  getRelationshipLinks,
  getRelationshipMeta,
  isFlattenedResource,
  LINKS,
  META,
  RELATIONSHIPS,
  type FlattenedResource,
} from './deserialize';

type Json = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Json)[key]);
  }
  return value;
}

/** Deserializes a deep-frozen copy and checks that the document is unchanged afterwards. */
function run(document: unknown) {
  const before = structuredClone(document);
  const result = deserialize(deepFreeze(document));
  expect(document).toEqual(before);
  return result;
}

function one(document: unknown): FlattenedResource {
  const { data } = run(document);
  if (data === null || Array.isArray(data)) throw new Error('expected one resource');
  return data;
}

function many(document: unknown): FlattenedResource[] {
  const { data } = run(document);
  if (!Array.isArray(data)) throw new Error('expected a list');
  return data;
}

function parseError(document: unknown): ResponseParseError {
  try {
    deserialize(document);
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseParseError);
    expect(RecruboError.isRecruboError(error)).toBe(true);
    return error as ResponseParseError;
  }
  throw new Error('expected a ResponseParseError');
}

const flowRun = (id: string, relationships: Json = {}, attributes: Json = {}): Json => ({
  type: 'flowRuns',
  id,
  attributes: { status: 'finished', cost: 0.02, ...attributes },
  relationships,
});
const to = (type: string, id: string): Json => ({ data: { type, id } });

describe('deserialize: flattening', () => {
  it('flattens one resource to { id, type, ...attributes, ...relationships } in that order', () => {
    const run1 = one({
      data: flowRun('r1', { flow: to('flows', 'f1') }, { state: { step: 2 }, initialMessage: {} }),
      included: [{ type: 'flows', id: 'f1', attributes: { name: 'Screening' } }],
    });
    expect(Object.keys(run1)).toEqual(['id', 'type', 'status', 'cost', 'state', 'initialMessage', 'flow']);
    expect(run1).toEqual({
      id: 'r1',
      type: 'flowRuns',
      status: 'finished',
      cost: 0.02,
      state: { step: 2 },
      initialMessage: {},
      flow: { id: 'f1', type: 'flows', name: 'Screening' },
    });
  });

  it('returns a new array for a list, an empty list and null data', () => {
    const document = { data: [flowRun('r1'), flowRun('r2')] };
    const list = many(document);
    expect(list.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(list).not.toBe(document.data);
    expect(many({ data: [] })).toEqual([]);
    expect(run({ data: null }).data).toBeNull();
  });

  it('accepts a resource without attributes or relationships', () => {
    expect(one({ data: { type: 'flows', id: 'f1' } })).toEqual({ id: 'f1', type: 'flows' });
  });

  it('looks like a plain object to toStrictEqual and util.inspect', () => {
    const flow = one({ data: { type: 'flows', id: 'f1', attributes: { name: 'A' } } });
    expect(flow).toStrictEqual({ id: 'f1', type: 'flows', name: 'A' });
    expect(inspect(flow)).toBe("{ id: 'f1', type: 'flows', name: 'A' }");
    expect(isFlattenedResource(flow)).toBe(true);
    expect(isFlattenedResource({ id: 'f1', type: 'flows' })).toBe(false);
  });

  it('copies only own members (an attributes or relationships object with a prototype adds nothing)', () => {
    const attributes = Object.assign(Object.create({ inherited: 'no' }) as Json, { own: 'yes' });
    const relationships = Object.assign(Object.create({ inheritedRel: { data: null } }) as Json, { flow: { data: null } });
    expect(one({ data: { type: 'flowRuns', id: 'r1', attributes, relationships } })).toStrictEqual({ id: 'r1', type: 'flowRuns', own: 'yes', flow: null });
  });

  it('shares attribute values with the input instead of copying them', () => {
    const state = { step: 1 };
    expect(one({ data: flowRun('r1', {}, { state }) }).state).toBe(state);
  });
});

describe('deserialize: relationships', () => {
  it('resolves included resources recursively (an included resource gets its relationships too)', () => {
    const r = one({
      data: flowRun('r1', { messageThread: to('messageThreads', 't1') }),
      included: [
        { type: 'messageThreads', id: 't1', attributes: { channel: 'whatsapp' }, relationships: { candidate: to('candidates', 'c1') } },
        { type: 'candidates', id: 'c1', attributes: { name: 'Alex' } },
      ],
    });
    expect(r.messageThread).toEqual({
      id: 't1',
      type: 'messageThreads',
      channel: 'whatsapp',
      candidate: { id: 'c1', type: 'candidates', name: 'Alex' },
    });
  });

  it('keeps "not included" apart from null, [] and absent', () => {
    const r = one({
      data: flowRun('r1', {
        flow: to('flows', 'missing'),
        messageThread: { data: null },
        tags: { data: [] },
        vacancy: { links: { related: 'https://x/vacancy' } },
        notes: { meta: { count: 0 } },
      }),
    });
    expect(r.flow).toStrictEqual({ id: 'missing', type: 'flows' });
    expect(isFlattenedResource(r.flow)).toBe(true);
    expect(r.messageThread).toBeNull();
    expect(r.tags).toEqual([]);
    expect('vacancy' in r).toBe(false);
    expect('notes' in r).toBe(false);
    expect(Object.keys(r)).toEqual(['id', 'type', 'status', 'cost', 'flow', 'messageThread', 'tags']);
    expect(getRelationshipLinks(r, 'vacancy')).toEqual({ related: 'https://x/vacancy' });
  });

  it('resolves to-many relationships in order, with stand-ins for what is not included', () => {
    const thread = one({
      data: {
        type: 'messageThreads',
        id: 't1',
        relationships: { messages: { data: [{ type: 'messages', id: 'm2' }, { type: 'messages', id: 'm1' }, { type: 'messages', id: 'm9' }] } },
      },
      included: [
        { type: 'messages', id: 'm1', attributes: { text: 'one' } },
        { type: 'messages', id: 'm2', attributes: { text: 'two' } },
      ],
    });
    expect(thread.messages).toEqual([
      { id: 'm2', type: 'messages', text: 'two' },
      { id: 'm1', type: 'messages', text: 'one' },
      { id: 'm9', type: 'messages' },
    ]);
  });

  it('resolves the same type+id to the same object everywhere, included or not', () => {
    const [a, b] = many({
      data: [
        flowRun('r1', { flow: to('flows', 'f1'), vacancy: to('vacancies', 'v1') }),
        flowRun('r2', { flow: to('flows', 'f1'), vacancy: to('vacancies', 'v1') }),
      ],
      included: [{ type: 'flows', id: 'f1', attributes: { name: 'Screening' } }],
    }) as [FlattenedResource, FlattenedResource];
    expect(a.flow).toBe(b.flow);
    expect(a.vacancy).toBe(b.vacancy);
  });

  it('resolves links to primary data, not only to included resources', () => {
    const [m1, m2] = many({
      data: [
        { type: 'messages', id: 'm1', relationships: { replyTo: to('messages', 'm2') } },
        { type: 'messages', id: 'm2', attributes: { text: 'hi' } },
      ],
    }) as [FlattenedResource, FlattenedResource];
    expect(m1.replyTo).toBe(m2);
  });

  it('keeps types apart: the same id under two types is two resources', () => {
    const r = one({
      data: flowRun('x', { flow: to('flows', 'x'), thread: to('messageThreads', 'x') }),
      included: [
        { type: 'flows', id: 'x', attributes: { name: 'flow' } },
        { type: 'messageThreads', id: 'x', attributes: { name: 'thread' } },
      ],
    });
    expect((r.flow as Json).name).toBe('flow');
    expect((r.thread as Json).name).toBe('thread');
    expect(r.flow).not.toBe(r);
  });
});

describe('deserialize: cycles and serialisation', () => {
  const cyclic = () =>
    run({
      data: [
        { type: 'messages', id: 'm1', attributes: { text: 'one' }, relationships: { thread: to('messageThreads', 't1') } },
        { type: 'messages', id: 'm2', attributes: { text: 'two' }, relationships: { thread: to('messageThreads', 't1') } },
      ],
      included: [
        {
          type: 'messageThreads',
          id: 't1',
          relationships: { messages: { data: [{ type: 'messages', id: 'm1' }, { type: 'messages', id: 'm2' }] } },
        },
      ],
    });

  it('builds a graph with shared references, cycles included', () => {
    const [m1, m2] = cyclic().data as [FlattenedResource, FlattenedResource];
    const thread = m1.thread as FlattenedResource;
    expect(m2.thread).toBe(thread);
    expect(thread.messages).toEqual([m1, m2]);
    expect((thread.messages as FlattenedResource[])[0]).toBe(m1);
  });

  it('JSON.stringify writes a cycle as { id, type } once it comes back to a resource on its path', () => {
    const document = cyclic();
    const json = JSON.parse(JSON.stringify(document));
    expect(json.data[0]).toEqual({
      id: 'm1',
      type: 'messages',
      text: 'one',
      thread: {
        id: 't1',
        type: 'messageThreads',
        messages: [
          { id: 'm1', type: 'messages' },
          { id: 'm2', type: 'messages', text: 'two', thread: { id: 't1', type: 'messageThreads' } },
        ],
      },
    });
    // Shared but not cyclic: written in full each time.
    expect(json.data[1].thread.messages[0].text).toBe('one');
  });

  it('util.inspect, spread and structuredClone work on cyclic results', () => {
    const [m1] = cyclic().data as [FlattenedResource];
    expect(inspect(m1, { depth: 10 })).toContain('[Circular *1]');
    const copy = { ...m1 };
    expect(copy.thread).toBe(m1.thread);
    const clone = structuredClone(m1);
    expect(clone).toEqual(m1);
    expect(((clone.thread as FlattenedResource).messages as FlattenedResource[])[0]).toBe(clone);
  });

  it('JSON.stringify stays finite and shallow enough on a 500-long chain (stand-ins below depth 32)', () => {
    const included = Array.from({ length: 500 }, (_, i) => ({
      type: 'nodes',
      id: String(i + 1),
      relationships: { next: to('nodes', String(i + 2)) },
    }));
    const head = one({ data: { type: 'nodes', id: '0', relationships: { next: to('nodes', '1') } }, included });
    let node = JSON.parse(JSON.stringify(head));
    let depth = 0;
    while (node.next !== undefined) {
      node = node.next;
      depth += 1;
    }
    expect(depth).toBe(33);
    expect(node).toEqual({ id: '33', type: 'nodes' });
  });

  it('JSON.stringify stays bounded on a graph with exponentially many paths', () => {
    // Every node links twice to the next: 2^20 paths from the head (2^60 would never end
    // without the bound; 2^20 still ends, to show the bound going red when it is removed).
    const included = Array.from({ length: 20 }, (_, i) => ({
      type: 'nodes',
      id: String(i + 1),
      relationships: { left: to('nodes', String(i + 2)), right: to('nodes', String(i + 2)) },
    }));
    const head = one({
      data: { type: 'nodes', id: '0', relationships: { left: to('nodes', '1'), right: to('nodes', '1') } },
      included,
    });
    const json = JSON.stringify(head);
    expect(json.length).toBeLessThan(2_000_000);
    // The first path down is written in full.
    let node = JSON.parse(json);
    for (let i = 0; i < 10; i++) node = node.left;
    expect(node.id).toBe('10');
    expect(node.left).toBeDefined();
  });

  it('toJSON is not an own or enumerable member', () => {
    const flow = one({ data: { type: 'flows', id: 'f1' } });
    expect(Object.getOwnPropertyNames(flow)).toEqual(['id', 'type']);
    expect(Object.getOwnPropertySymbols(flow)).toEqual([]);
  });
});

describe('deserialize: meta and links', () => {
  const document = () => ({
    data: {
      type: 'flowRuns',
      id: 'r1',
      attributes: { meta: 'attribute called meta', links: ['attribute', 'called', 'links'], relationships: 1 },
      meta: { version: 3 },
      links: { self: 'https://x/flowRuns/r1' },
      relationships: {
        flow: { links: { related: 'https://x/flowRuns/r1/flow' }, meta: { note: 'rel' }, data: { type: 'flows', id: 'f1', meta: { role: 'owner' } } },
        tags: { data: [{ type: 'tags', id: 'a' }, { type: 'tags', id: 'b', meta: { weight: 2 } }] },
        messageThread: to('messageThreads', 't1'),
      },
    },
    included: [{ type: 'flows', id: 'f1', meta: { shared: true } }],
    meta: { total: 1 },
    links: { next: null },
  });

  it('returns document-level meta and links as they are', () => {
    const input = document();
    const result = run(input);
    expect(result.meta).toBe(input.meta);
    expect(result.links).toBe(input.links);
    expect(run({ data: null })).toEqual({ data: null, meta: undefined, links: undefined });
  });

  it('keeps resource meta/links behind symbols, apart from attributes called meta and links', () => {
    const input = document();
    const r = one(input);
    expect(r.meta).toBe('attribute called meta');
    expect(r.links).toEqual(['attribute', 'called', 'links']);
    expect(r.relationships).toBe(1);
    expect(getMeta(r)).toBe(input.data.meta);
    expect(r[META]).toBe(input.data.meta);
    expect(getLinks(r)).toBe(input.data.links);
    expect(r[LINKS]).toBe(input.data.links);
    expect(getMeta(r.flow as object)).toEqual({ shared: true });
    expect(getLinks(r.flow as object)).toBeUndefined();
  });

  it('keeps relationship links/meta and identifier meta reachable', () => {
    const input = document();
    const r = one(input);
    expect(getRelationshipLinks(r, 'flow')).toBe(input.data.relationships.flow.links);
    expect(getRelationshipMeta(r, 'flow')).toEqual({ note: 'rel' });
    expect(getIdentifierMeta(r, 'flow')).toEqual({ role: 'owner' });
    expect(getIdentifierMeta(r, 'tags')).toEqual([undefined, { weight: 2 }]);
    expect(getRelationshipLinks(r, 'tags')).toBeUndefined();
    expect(getRelationshipLinks(r, 'messageThread')).toBeUndefined();
    expect(getRelationshipLinks(r, 'toString')).toBeUndefined();
    expect(getRelationshipLinks(r, 'status')).toBeUndefined();
    expect(r[RELATIONSHIPS]).toEqual({
      flow: { links: { related: 'https://x/flowRuns/r1/flow' }, meta: { note: 'rel' } },
    });
    expect(Object.isFrozen(r[RELATIONSHIPS])).toBe(true);
  });

  it('never merges identifier meta into the shared related resource', () => {
    const r = one(document());
    expect(getMeta(r.flow as object)).toEqual({ shared: true });
    expect(Object.keys(r.flow as object)).toEqual(['id', 'type']);
  });

  it('hides meta and links from keys, spread, JSON and structuredClone', () => {
    const r = one(document());
    const json = JSON.parse(JSON.stringify(r));
    expect(json.meta).toBe('attribute called meta');
    expect(json.flow).toEqual({ id: 'f1', type: 'flows' });
    expect(Object.keys(r)).toEqual(['id', 'type', 'meta', 'links', 'relationships', 'flow', 'tags', 'messageThread']);
    expect(Object.getOwnPropertySymbols({ ...r })).toEqual([]);
    expect(structuredClone(r).meta).toBe('attribute called meta');
  });

  it('answers undefined for objects that are not flattened resources', () => {
    const plain = { id: 'x', type: 'y', meta: { a: 1 } };
    expect(getMeta(plain)).toBeUndefined();
    expect(getLinks(plain)).toBeUndefined();
    expect(getRelationshipLinks(plain, 'meta')).toBeUndefined();
    expect(getRelationshipMeta(plain, 'meta')).toBeUndefined();
    expect(getIdentifierMeta(plain, 'meta')).toBeUndefined();
  });
});

describe('deserialize: hostile member names', () => {
  const hostile = () => {
    // JSON.parse makes `__proto__` an own member, as a server response would.
    return JSON.parse(`{
      "data": {
        "type": "flowRuns", "id": "r1",
        "attributes": { "__proto__": { "polluted": "yes" }, "constructor": { "prototype": { "polluted": "yes" } }, "prototype": { "polluted": "yes" }, "hasOwnProperty": 1 },
        "relationships": {
          "valueOf": { "data": { "type": "flows", "id": "f1" }, "links": { "related": "https://x/valueOf" } },
          "isPrototypeOf": { "links": { "related": "https://x/isPrototypeOf" } }
        }
      },
      "included": [{
        "type": "flows", "id": "f1",
        "relationships": { "__proto__": { "data": { "type": "flows", "id": "f1" }, "links": { "__proto__": { "polluted": "yes" } } } }
      }]
    }`) as unknown;
  };

  it('cannot pollute any prototype, and the values stay readable as own members', () => {
    const objectPrototype = Object.getOwnPropertyNames(Object.prototype).sort();
    const r = one(hostile());
    expect(({} as Json).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectPrototype);
    expect(Object.getPrototypeOf(r)).toBe(Object.getPrototypeOf(one({ data: { type: 'a', id: 'b' } })));
    expect((r as Json).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(r, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(r.constructor).toEqual({ prototype: { polluted: 'yes' } });
    expect(r.prototype).toEqual({ polluted: 'yes' });
    expect(r.hasOwnProperty).toBe(1);
    expect(Object.keys(r)).toEqual(['id', 'type', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'valueOf']);

    const flow = (r as Json).valueOf as unknown as FlattenedResource;
    expect(Object.getOwnPropertyDescriptor(flow, '__proto__')?.value).toBe(flow);
    expect(Object.getPrototypeOf(flow)).toBe(Object.getPrototypeOf(r));
    expect(getRelationshipLinks(r, 'valueOf')).toEqual({ related: 'https://x/valueOf' });
    expect(getRelationshipLinks(r, 'isPrototypeOf')).toEqual({ related: 'https://x/isPrototypeOf' });
    expect(getRelationshipLinks(flow, '__proto__')).toEqual(JSON.parse('{ "__proto__": { "polluted": "yes" } }'));
    expect(Object.keys(flow[RELATIONSHIPS] ?? {})).toEqual(['__proto__']);
  });

  it('keeps __proto__ members own in JSON.stringify, spread and structuredClone output', () => {
    const r = one(hostile());
    const json = JSON.parse(JSON.stringify(r));
    expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    // The self-cycle through the included flow's `__proto__` relationship is cut.
    expect(Object.getOwnPropertyDescriptor(json.valueOf, '__proto__')?.value).toEqual({ id: 'f1', type: 'flows' });
    const spread = { ...r } as Json;
    expect(Object.getPrototypeOf(spread)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(spread, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(({} as Json).polluted).toBeUndefined();
  });
});

describe('deserialize: malformed documents', () => {
  const ok = { type: 'flowRuns', id: 'r1' };
  const cases: [string, unknown, string][] = [
    ['a string', 'not json:api', ''],
    ['null', null, ''],
    ['an array', [ok], ''],
    ['no data', { meta: {} }, '/data'],
    ['an error document', { errors: [{ status: '404' }] }, '/data'],
    ['data: a string', { data: 'r1' }, '/data'],
    ['data: a number', { data: 1 }, '/data'],
    ['data: true', { data: true }, '/data'],
    ['meta: an array', { data: null, meta: [] }, '/meta'],
    ['links: a string', { data: null, links: 'x' }, '/links'],
    ['included: an object', { data: null, included: {} }, '/included'],
    ['included: null', { data: null, included: null }, '/included'],
    ['a list item that is not an object', { data: [ok, ok && null] }, '/data/1'],
    ['a list item that is an array', { data: [[]] }, '/data/0'],
    ['a resource without type', { data: [ok, { ...ok, id: 'r2' }, { ...ok, id: 'r3' }, { id: 'x' }] }, '/data/3/type'],
    ['an empty type', { data: { type: '', id: 'x' } }, '/data/type'],
    ['a resource without id', { data: { type: 'flowRuns' } }, '/data/id'],
    ['a numeric id', { data: [{ type: 'flowRuns', id: 1 }] }, '/data/0/id'],
    ['an included entry without id', { data: null, included: [{ type: 'flows' }] }, '/included/0/id'],
    ['an included entry that is a string', { data: null, included: ['x'] }, '/included/0'],
    ['attributes: an array', { data: { ...ok, attributes: [] } }, '/data/attributes'],
    ['attributes: null', { data: { ...ok, attributes: null } }, '/data/attributes'],
    ['relationships: a string', { data: { ...ok, relationships: 'x' } }, '/data/relationships'],
    ['resource meta: a number', { data: { ...ok, meta: 1 } }, '/data/meta'],
    ['resource links: an array', { data: [{ ...ok, links: [] }] }, '/data/0/links'],
    ['a relationship that is not an object', { data: { ...ok, relationships: { flow: 'f1' } } }, '/data/relationships/flow'],
    ['relationship data: a string', { data: { ...ok, relationships: { flow: { data: 'f1' } } } }, '/data/relationships/flow/data'],
    ['relationship data: false', { data: { ...ok, relationships: { flow: { data: false } } } }, '/data/relationships/flow/data'],
    ['an identifier without id', { data: { ...ok, relationships: { flow: { data: { type: 'flows' } } } } }, '/data/relationships/flow/data/id'],
    ['an identifier without type', { data: { ...ok, relationships: { flow: { data: { id: 'f1' } } } } }, '/data/relationships/flow/data/type'],
    [
      'a to-many item that is null',
      { data: { ...ok, relationships: { tags: { data: [{ type: 'tags', id: 'a' }, null] } } } },
      '/data/relationships/tags/data/1',
    ],
    [
      'identifier meta: a string',
      { data: { ...ok, relationships: { flow: { data: { type: 'flows', id: 'f', meta: 'x' } } } } },
      '/data/relationships/flow/data/meta',
    ],
    ['relationship links: a string', { data: { ...ok, relationships: { flow: { links: 'x' } } } }, '/data/relationships/flow/links'],
    ['relationship meta: an array', { data: { ...ok, relationships: { flow: { meta: [] } } } }, '/data/relationships/flow/meta'],
    [
      'a relationship name that needs escaping',
      { data: { ...ok, relationships: { 'a/b~c': { data: 1 } } } },
      '/data/relationships/a~1b~0c/data',
    ],
    [
      'a malformed relationship of an included resource',
      { data: null, included: [ok, { type: 'flows', id: 'f', relationships: { runs: { data: [1] } } }] },
      '/included/1/relationships/runs/data/0',
    ],
    [
      'the same type+id twice in included',
      { data: null, included: [{ type: 'flows', id: 'f1' }, { type: 'flows', id: 'f2' }, { type: 'flows', id: 'f1' }] },
      '/included/2',
    ],
    ['an included copy of primary data', { data: [ok], included: [ok] }, '/data/0'],
    ['the same type+id twice in data', { data: [ok, { type: 'flows', id: 'r1' }, ok] }, '/data/2'],
    ['an attribute called id', { data: { ...ok, attributes: { id: 'other' } } }, '/data/attributes/id'],
    ['an attribute called type', { data: { ...ok, attributes: { type: 'other' } } }, '/data/attributes/type'],
    ['an attribute called toJSON', { data: { ...ok, attributes: { toJSON: 1 } } }, '/data/attributes/toJSON'],
    ['a relationship called id', { data: { ...ok, relationships: { id: { data: null } } } }, '/data/relationships/id'],
    ['a relationship called toJSON', { data: { ...ok, relationships: { toJSON: { data: null } } } }, '/data/relationships/toJSON'],
    [
      'an attribute and a relationship with the same name',
      { data: { ...ok, attributes: { flow: 'f1' }, relationships: { flow: { links: { related: 'x' } } } } },
      '/data/relationships/flow',
    ],
  ];

  it.each(cases)('%s → ResponseParseError at %j', (_name, document, pointer) => {
    const error = parseError(typeof document === 'object' && document !== null ? deepFreeze(document) : document);
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(pointer === '' ? 'JSON:API document' : pointer);
  });

  it('says what data may be', () => {
    expect(parseError({ data: 42 }).message).toMatch(/resource object, an array of them, or null; got a number/);
  });

  it('names an error document as such', () => {
    expect(parseError({ errors: [] }).message).toMatch(/error document/);
  });
});

describe('deserialize: types', () => {
  it('narrows data by the document type it is given', () => {
    interface Flow {
      id: string;
      type: 'flows';
      name: string;
    }
    const list: Flow[] = deserialize<Flow>({ data: [] as unknown[] }).data;
    const single: Flow | null = deserialize<Flow>({ data: null }).data;
    const any: FlattenedResource | FlattenedResource[] | null = deserialize(JSON.parse('{"data":null}') as unknown).data;
    // @ts-expect-error a list document does not give one resource
    const wrong: Flow = deserialize<Flow>({ data: [] as unknown[] }).data;
    expect([list, single, any, wrong]).toEqual([[], null, null, []]);
  });
});

// Last in this file: it freezes this test file's Object.prototype for good (jest gives every
// test file its own realm), as `node --frozen-intrinsics` or a lockdown would.
describe('deserialize with frozen intrinsics', () => {
  it('still creates members that share a name with read-only prototype members', () => {
    Object.freeze(Object.prototype);
    const r = one({
      data: {
        type: 'flowRuns',
        id: 'r1',
        attributes: { toString: 'text', valueOf: 1, hasOwnProperty: 2 },
        relationships: { isPrototypeOf: { data: null, links: { related: 'https://x/isPrototypeOf' } } },
      },
    });
    expect(Object.keys(r)).toEqual(['id', 'type', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']);
    expect(r.toString).toBe('text');
    expect(r.isPrototypeOf).toBeNull();
    expect(getRelationshipLinks(r, 'isPrototypeOf')).toEqual({ related: 'https://x/isPrototypeOf' });
    expect(JSON.parse(JSON.stringify(r))).toEqual({ id: 'r1', type: 'flowRuns', toString: 'text', valueOf: 1, hasOwnProperty: 2, isPrototypeOf: null });
  });
});
