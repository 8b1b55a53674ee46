// Property tests: whatever the input, `deserialize` returns or throws a RecruboError, and
// on valid documents (with cycles, shared and missing includes, hostile member names) its
// output keeps every id, type, attribute and link of the input and never changes the input.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { RecruboError, ResponseParseError } from '../errors';
import { deserialize, getLinks, getMeta, getRelationshipLinks, getRelationshipMeta, isFlattenedResource, type FlattenedResource } from './deserialize';

type Json = Record<string, unknown>;

const OBJECT_PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Json)[key]);
  }
  return value;
}

function expectPrototypesIntact(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTOTYPE_NAMES);
  expect(({} as Json).polluted).toBeUndefined();
  for (const key in {}) throw new Error(`Object.prototype gained an enumerable member ${key}`);
}

/** The pointer's parent exists in the document (the last token may name a missing member). */
function expectPointerInto(document: unknown, pointer: string | undefined): void {
  expect(typeof pointer).toBe('string');
  if (pointer === '' || pointer === undefined) return;
  expect(pointer.startsWith('/')).toBe(true);
  const tokens = pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    expect(typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, token)).toBe(true);
    node = (node as Json)[token];
  }
  expect(typeof node === 'object' && node !== null).toBe(true);
}

/** Runs deserialize on a frozen document: it must return, or throw a RecruboError. */
function returnsOrThrowsRecruboError(document: unknown): ReturnType<typeof deserialize> | undefined {
  const before = JSON.stringify(document);
  let result: ReturnType<typeof deserialize> | undefined;
  try {
    result = deserialize(deepFreeze(document));
  } catch (error) {
    if (!RecruboError.isRecruboError(error)) throw error;
    expect(error).toBeInstanceOf(ResponseParseError);
    expectPointerInto(document, (error as ResponseParseError).pointer);
  }
  expect(JSON.stringify(document)).toBe(before);
  if (result !== undefined) JSON.stringify(result);
  expectPrototypesIntact();
  return result;
}

// Names that have broken deserializers before: prototype keys, JSON:API member names,
// JSON-pointer metacharacters.
const HOSTILE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'meta',
  'links',
  'data',
  'attributes',
  'relationships',
  'included',
  'polluted',
  'a/b',
  '~0',
  '',
] as const;
const memberName = fc.oneof(fc.constantFrom(...HOSTILE_NAMES), fc.string({ maxLength: 6 }));
const smallJson = fc.jsonValue({ maxDepth: 2 });

/** An object with the given entries, `__proto__` included as an own member (as JSON.parse makes it). */
function objectOf(entries: readonly (readonly [string, unknown])[]): Json {
  const out: Json = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
const jsonObject = fc.uniqueArray(fc.tuple(memberName, smallJson), { selector: ([k]) => k, maxLength: 4 }).map(objectOf);

describe('deserialize on arbitrary input (fuzz)', () => {
  it('only returns or throws a RecruboError on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        returnsOrThrowsRecruboError(value);
      }),
      { numRuns: 300 },
    );
  });

  it('only returns or throws a RecruboError on any JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        returnsOrThrowsRecruboError(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('only returns or throws a RecruboError on document-shaped input with arbitrary parts', () => {
    // Mostly the right shape, now and then any JSON (or nothing) in its place.
    const anything = fc.oneof(smallJson, fc.constant(undefined));
    const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: anything });
    const optional = <T>(valid: fc.Arbitrary<T>) => mostly(fc.option(valid, { nil: undefined }));
    const identifier = mostly(
      fc.record({ type: mostly(fc.constantFrom('a', 'b')), id: mostly(fc.constantFrom('1', '2', '3')), meta: optional(jsonObject) }, { requiredKeys: ['type', 'id'] }),
    );
    const relationship = mostly(
      fc.record(
        { data: mostly(fc.oneof(fc.constant(null), identifier, fc.array(identifier, { maxLength: 3 }))), links: optional(jsonObject), meta: optional(jsonObject) },
        { requiredKeys: [] },
      ),
    );
    const resource = mostly(
      fc.record(
        {
          type: mostly(fc.constantFrom('a', 'b')),
          id: mostly(fc.constantFrom('1', '2', '3')),
          attributes: optional(jsonObject),
          relationships: optional(fc.uniqueArray(fc.tuple(memberName, relationship), { selector: ([k]) => k, maxLength: 3 }).map(objectOf)),
          meta: optional(jsonObject),
          links: optional(jsonObject),
        },
        { requiredKeys: ['type', 'id'] },
      ),
    );
    const document = fc.record(
      {
        data: mostly(fc.oneof(fc.constant(null), resource, fc.array(resource, { maxLength: 4 }))),
        included: optional(fc.array(resource, { maxLength: 4 })),
        meta: optional(jsonObject),
        links: optional(jsonObject),
        errors: fc.option(anything, { nil: undefined }),
      },
      { requiredKeys: ['data'] },
    );
    fc.assert(
      fc.property(document, (doc) => {
        // Through JSON, as a response would arrive (drops the `undefined` members).
        returnsOrThrowsRecruboError(JSON.parse(JSON.stringify(doc)));
      }),
      { numRuns: 400 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Valid documents: a pool of distinct (type, id) pairs, some of them primary data, some
// included, linked at random to each other and to resources that are not in the document.

interface Key {
  type: string;
  id: string;
}
const keyOf = (k: Key) => JSON.stringify([k.type, k.id]);

const typeName = fc.oneof(fc.constantFrom('flowRuns', 'flows', 'messageThreads', '__proto__', 'constructor'), fc.string({ minLength: 1, maxLength: 4 }));
const idValue = fc.oneof(fc.constantFrom('1', '2', '3', '__proto__', 'constructor', ''), fc.string({ maxLength: 4 }));
const RESERVED = new Set(['id', 'type', 'toJSON']);

const validDocument = fc
  .record({
    pool: fc.uniqueArray(fc.record({ type: typeName, id: idValue }), { selector: keyOf, minLength: 1, maxLength: 10 }),
    missing: fc.array(fc.record({ type: typeName, id: fc.constantFrom('missing-1', 'missing-2') }), { maxLength: 2 }),
    dataCount: fc.nat(),
    shape: fc.constantFrom('list', 'single', 'null'),
    // Fixed-size arrays, not infinite streams: fast-check clones stream-bearing values and
    // re-runs `map` on the clone, which would build a different document each time.
    seed: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
    attributes: fc.array(fc.uniqueArray(fc.tuple(memberName, smallJson), { selector: ([k]) => k, maxLength: 4 }), { minLength: 10, maxLength: 10 }),
    relationshipNames: fc.array(fc.uniqueArray(memberName, { maxLength: 4 }), { minLength: 10, maxLength: 10 }),
    extras: fc.array(fc.record({ meta: fc.option(jsonObject, { nil: undefined }), links: fc.option(jsonObject, { nil: undefined }) }), {
      minLength: 10,
      maxLength: 10,
    }),
    documentMeta: fc.option(jsonObject, { nil: undefined }),
  })
  .map(({ pool, missing, dataCount, shape, seed, attributes, relationshipNames, extras, documentMeta }) => {
    let cursor = 0;
    const next = () => (seed[cursor++ % seed.length] as number) + cursor;
    const targets = [...pool, ...missing.filter((m) => !pool.some((p) => keyOf(p) === keyOf(m)))];
    const identifier = (): Json => {
      const target = targets[next() % targets.length] as Key;
      return next() % 5 === 0 ? { type: target.type, id: target.id, meta: { n: next() } } : { type: target.type, id: target.id };
    };
    const resources = pool.map((key, n) => {
      const attrs = (attributes[n] as [string, unknown][]).filter(([name]) => !RESERVED.has(name));
      const taken = new Set(attrs.map(([name]) => name));
      const relationships = (relationshipNames[n] as string[])
        .filter((name) => !RESERVED.has(name) && !taken.has(name))
        .map((name): [string, Json] => {
          const rel: Json = {};
          switch (next() % 5) {
            case 0:
              rel.data = null;
              break;
            case 1:
              rel.data = Array.from({ length: next() % 4 }, identifier);
              break;
            case 2:
              break; // links/meta only
            default:
              rel.data = identifier();
          }
          if (next() % 2 === 0 || rel.data === undefined) rel.links = { related: `https://x/${next()}` };
          if (next() % 4 === 0) rel.meta = { count: next() };
          return [name, rel];
        });
      const { meta, links } = extras[n] as { meta?: Json; links?: Json };
      const resource: Json = { type: key.type, id: key.id };
      if (attrs.length > 0 || next() % 2 === 0) resource.attributes = objectOf(attrs);
      if (relationships.length > 0) resource.relationships = objectOf(relationships);
      if (meta !== undefined) resource.meta = meta;
      if (links !== undefined) resource.links = links;
      return resource;
    });
    const count = shape === 'null' ? 0 : shape === 'single' ? 1 : dataCount % (resources.length + 1);
    const primary = resources.slice(0, count);
    const document: Json = {
      data: shape === 'null' ? null : shape === 'single' ? primary[0] : primary,
      included: resources.slice(count),
    };
    if (documentMeta !== undefined) document.meta = documentMeta;
    // Through JSON, so `__proto__` members are own members, exactly as in a parsed response.
    return JSON.parse(JSON.stringify(document)) as Json;
  });

function rawResources(document: Json): Json[] {
  const data = document.data;
  const primary = data === null ? [] : Array.isArray(data) ? (data as Json[]) : [data as Json];
  return [...primary, ...((document.included as Json[] | undefined) ?? [])];
}

function ownValue(object: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(object, key)?.value;
}

function ownKeys(object: object): string[] {
  return Object.keys(object);
}

/** Checks one flattened resource against its raw resource object (or against a stand-in). */
function checkResource(flat: FlattenedResource, raw: Json | undefined, byKey: Map<string, FlattenedResource>): void {
  const key = keyOf(flat);
  const seen = byKey.get(key);
  if (seen !== undefined) {
    expect(seen).toBe(flat); // one object per type+id
    return;
  }
  byKey.set(key, flat);
  expect(isFlattenedResource(flat)).toBe(true);
  if (raw === undefined) {
    expect(ownKeys(flat)).toEqual(['id', 'type']);
    return;
  }
  expect(flat.id).toBe(raw.id);
  expect(flat.type).toBe(raw.type);
  expect(getMeta(flat)).toBe(raw.meta);
  expect(getLinks(flat)).toBe(raw.links);
  const attributes = (raw.attributes as Json | undefined) ?? {};
  const relationships = (raw.relationships as Record<string, Json> | undefined) ?? {};
  const withData = ownKeys(relationships).filter((name) => (relationships[name] as Json).data !== undefined);
  // The order of `{ id, type, ...attributes, ...relationships }`, integer-like keys first as in any object.
  const order = objectOf([['id', 0], ['type', 0], ...ownKeys(attributes).map((k): [string, number] => [k, 0]), ...withData.map((k): [string, number] => [k, 0])]);
  expect(ownKeys(flat)).toEqual(ownKeys(order));
  for (const name of ownKeys(attributes)) expect(ownValue(flat, name)).toBe(ownValue(attributes, name));
  for (const name of ownKeys(relationships)) {
    const rel = ownValue(relationships, name) as Json;
    expect(getRelationshipLinks(flat, name)).toBe(rel.links);
    expect(getRelationshipMeta(flat, name)).toBe(rel.meta);
    const value = ownValue(flat, name);
    if (rel.data === undefined) expect(Object.prototype.hasOwnProperty.call(flat, name)).toBe(false);
    else if (rel.data === null) expect(value).toBeNull();
    else if (Array.isArray(rel.data)) {
      expect((value as FlattenedResource[]).map((r) => [r.type, r.id])).toEqual((rel.data as Key[]).map((k) => [k.type, k.id]));
    } else expect([(value as FlattenedResource).type, (value as FlattenedResource).id]).toEqual([(rel.data as Key).type, (rel.data as Key).id]);
  }
}

describe('deserialize on valid documents (property tests)', () => {
  it('keeps every id, type, attribute, meta and link; resolves each type+id to one object; leaves the input alone', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const before = JSON.stringify(document);
        const raws = new Map(rawResources(document).map((r) => [keyOf(r as unknown as Key), r]));
        const result = deserialize(deepFreeze(document));
        expect(JSON.stringify(document)).toBe(before);
        expectPrototypesIntact();
        expect(result.meta).toBe(document.meta);

        const primary = result.data === null ? [] : Array.isArray(result.data) ? result.data : [result.data];
        const rawPrimary = document.data === null ? [] : Array.isArray(document.data) ? document.data : [document.data];
        expect(primary.map((r) => [r.type, r.id])).toEqual((rawPrimary as Key[]).map((r) => [r.type, r.id]));

        // Walk the whole graph (iteratively: it may be cyclic) and check every resource once.
        const byKey = new Map<string, FlattenedResource>();
        const queue = [...primary];
        while (queue.length > 0) {
          const flat = queue.pop() as FlattenedResource;
          if (byKey.get(keyOf(flat)) === flat) continue;
          checkResource(flat, raws.get(keyOf(flat)), byKey);
          for (const name of ownKeys(flat)) {
            const value = ownValue(flat, name);
            if (isFlattenedResource(value)) queue.push(value);
            else if (Array.isArray(value)) for (const item of value) if (isFlattenedResource(item)) queue.push(item);
          }
        }

        // Serialisable, and what comes out matches the input for the primary data.
        const json = JSON.parse(JSON.stringify(result)) as { data: unknown };
        const written = (json.data === null ? [] : Array.isArray(json.data) ? json.data : [json.data]) as Json[];
        written.forEach((item, i) => {
          const raw = rawPrimary[i] as Json;
          expect([item.type, item.id]).toEqual([raw.type, raw.id]);
          const attributes = (raw.attributes as Json | undefined) ?? {};
          for (const name of ownKeys(attributes)) expect(ownValue(item, name)).toEqual(ownValue(attributes, name));
        });
        inspect(result, { depth: 6 });
        structuredClone(result);
      }),
      { numRuns: 250 },
    );
  });

  it('still returns or throws a RecruboError when one part of a valid document is replaced by any JSON', () => {
    const mutated = validDocument.chain((document) => {
      const paths: string[][] = [];
      const collect = (value: unknown, path: string[]) => {
        paths.push(path);
        if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) collect((value as Json)[key], [...path, key]);
      };
      collect(document, []);
      return fc.tuple(fc.constant(document), fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }));
    });
    fc.assert(
      fc.property(mutated, ([document, path, replacement]) => {
        const copy = structuredClone(document);
        if (path.length === 0) return void returnsOrThrowsRecruboError(replacement);
        let parent = copy as Json;
        for (const key of path.slice(0, -1)) parent = parent[key] as Json;
        Object.defineProperty(parent, path[path.length - 1] as string, { value: replacement, enumerable: true, writable: true, configurable: true });
        returnsOrThrowsRecruboError(copy);
      }),
      { numRuns: 300 },
    );
  });
});
