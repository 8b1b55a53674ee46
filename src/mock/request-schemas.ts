// The schemas every request to the mock is checked against, derived from the spec: the
// request body of each operation (its component, as is) and its query string (one object
// schema per operation whose members are the operation's query parameters' own schemas).
// The same map feeds the build-time generator (scripts/generate-request-validators.ts) and
// the start-up fallback (request-validators.ts), so both validate exactly the same thing.
import type { Json, SpecModel, SpecOperation } from './spec-model';

/** The `$id` under which the spec's component schemas are registered (as in contracts/support/spec.ts). */
export const SPEC_SCHEMA_ID = 'recrubo-spec';
// No `/` in it: the `recrubo-spec#…` refs inside resolve against it as a sibling name.
const QUERY_SCHEMA_ID = 'recrubo-request-query';

/** Validator key of an operation's request body. */
export const bodyKey = (operationId: string): string => `body ${operationId}`;
/** Validator key of an operation's query string. */
export const queryKey = (operationId: string): string => `query ${operationId}`;

/** The spec's refs (`#/components/...`) rewritten to point into the registered spec schema. */
function anchored(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchored);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${SPEC_SCHEMA_ID}${value}` : anchored(value);
  }
  return out;
}

function querySchema(op: SpecOperation): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const parameter of op.query.values()) {
    properties[parameter.name] = anchored(parameter.schema);
    if (parameter.required) required.push(parameter.name);
  }
  const schema: Json = { $id: `${QUERY_SCHEMA_ID}-${op.operationId}`, type: 'object', additionalProperties: false, properties };
  if (required.length > 0) schema.required = required;
  return schema;
}

/**
 * Every request schema, by validator key. Body schemas are `{ $ref }` into the spec; query
 * schemas carry their own `$id` and must be added to ajv (`addSchema`) before they are compiled.
 */
export function requestSchemas(model: SpecModel): Map<string, Json> {
  const schemas = new Map<string, Json>();
  for (const op of model.operations) {
    if (op.requestBody) schemas.set(bodyKey(op.operationId), { $ref: `${SPEC_SCHEMA_ID}${op.requestBody.ref}` });
    schemas.set(queryKey(op.operationId), querySchema(op));
  }
  return schemas;
}

