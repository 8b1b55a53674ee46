// An attribute that every documented instance of a resource carries is `required` in the spec's
// read schema: dropping it from `required` (the server may stop sending it, and users' code
// typed as `string` would meet `undefined`) is drift the example validation alone cannot see.
import { loadManifest, readExample } from './support/manifest';
import { loadBundledSpec } from './support/spec';

type Json = Record<string, unknown>;
interface ResourceObject {
  type: string;
  attributes?: Json;
}

const spec = loadBundledSpec();
const schemas = (spec.components as { schemas: Record<string, Json> }).schemas;

function resolve(schema: Json): Json {
  const ref = schema.$ref;
  return typeof ref === 'string' ? resolve(schemas[ref.split('/').pop() as string] as Json) : schema;
}

/** What a schema requires: its own `required`, all of `allOf`'s, and what every `oneOf`/`anyOf` branch requires. */
function requiredOf(input: Json): Set<string> {
  const schema = resolve(input);
  const out = new Set<string>((schema.required as string[] | undefined) ?? []);
  for (const member of (schema.allOf as Json[] | undefined) ?? []) for (const key of requiredOf(member)) out.add(key);
  const branches = ((schema.oneOf ?? schema.anyOf) as Json[] | undefined)?.map(requiredOf);
  if (branches && branches.length > 0) {
    for (const key of branches[0] as Set<string>) if (branches.every((b) => b.has(key))) out.add(key);
  }
  return out;
}

/** Attributes that documented instances carry but the server may legitimately omit. */
const CONDITIONAL: Record<string, Record<string, string>> = {
  organizations: { token: 'ERRATA E-51: only the partner-key management routes return the token' },
};

function attributesSchemaOf(type: string): Json | undefined {
  for (const schema of Object.values(schemas)) {
    const properties = schema.properties as Record<string, Json> | undefined;
    if (properties?.attributes && (properties.type as Json | undefined)?.const === type) return resolve(properties.attributes);
  }
  return undefined;
}

const instances = new Map<string, ResourceObject[]>();
for (const entry of loadManifest()) {
  if (entry.kind !== 'response' || entry.expect !== 'valid' || entry.file === null || entry.schema) continue;
  const document = readExample(entry.file) as { data?: unknown; included?: ResourceObject[] };
  const data = Array.isArray(document.data) ? document.data : document.data ? [document.data] : [];
  for (const resource of [...(data as ResourceObject[]), ...(document.included ?? [])]) {
    if (typeof resource?.type !== 'string') continue;
    instances.set(resource.type, [...(instances.get(resource.type) ?? []), resource]);
  }
}

const cases = [...instances.entries()].map(([type, list]) => ({ type, list, count: list.length }));

it('finds documented instances to check', () => {
  expect(cases.map((c) => c.type)).toEqual(expect.arrayContaining(['flowRuns', 'flows', 'messageThreads']));
});

it.each(cases)('$type: every attribute in all $count documented instances is required', ({ type, list }) => {
  const attributes = attributesSchemaOf(type);
  expect(attributes).toBeDefined();
  const required = requiredOf(attributes as Json);
  const alwaysPresent = Object.keys(list[0]?.attributes ?? {}).filter((key) => list.every((r) => r.attributes && key in r.attributes));
  const conditional = CONDITIONAL[type] ?? {};
  expect(alwaysPresent.filter((key) => !required.has(key) && !(key in conditional))).toEqual([]);
});
