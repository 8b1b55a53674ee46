// The bundled spec as data, for the contract suite and the scripts: operations by id,
// the schema of each request and response, and strict ajv validators compiled from it.
import fs from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { BUNDLED_SPEC } from '../../scripts/spec-files';
import { createSpecAjv, SPEC_SCHEMA_ID } from '../../scripts/spec-ajv';

export const MEDIA_TYPE = 'application/vnd.api+json';
const SPEC_ID = SPEC_SCHEMA_ID;
const HTTP_METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

type Json = Record<string, unknown>;

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object in the bundled spec. */
  pointer: string;
  object: Json;
}

/**
 * The bundled spec. `RECRUBO_CONTRACT_SPEC` points the contract suite at another copy: that is
 * how `npm run contracts:mutate` runs the suite against a mutated spec.
 */
export function loadBundledSpec(file: string = process.env.RECRUBO_CONTRACT_SPEC ?? BUNDLED_SPEC): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function operations(spec: Json): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const object = item[method] as Json | undefined;
      if (!object) continue;
      result.push({ operationId: String(object.operationId), method, path, pointer: `#/paths/${escapePointer(path)}/${method}`, object });
    }
  }
  return result;
}

export function operationById(spec: Json, operationId: string): Operation {
  const found = operations(spec).find((op) => op.operationId === operationId);
  if (!found) throw new Error(`No operation "${operationId}" in the spec.`);
  return found;
}

/** Follows `$ref`s within the bundled spec to the object they name. */
export function resolveRef(spec: Json, value: Json): Json {
  const ref = value.$ref;
  if (typeof ref !== 'string') return value;
  const target = ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json)[key], spec);
  return resolveRef(spec, target as Json);
}

/** The media-type object of a response (`status` as in the spec) or of the request body. */
export function mediaTypeObject(spec: Json, op: Operation, where: 'request' | number): Json | undefined {
  const container = where === 'request'
    ? (op.object.requestBody as Json | undefined)
    : ((op.object.responses as Json)[String(where)] as Json | undefined);
  if (!container) return undefined;
  const content = resolveRef(spec, container).content as Record<string, Json> | undefined;
  return content?.[MEDIA_TYPE];
}

/** The schema reference ajv should compile for a request body or a response status. */
export function schemaRef(spec: Json, op: Operation, where: 'request' | number): string {
  const media = mediaTypeObject(spec, op, where);
  const schema = media?.schema as Json | undefined;
  if (!schema) throw new Error(`${op.operationId} documents no ${MEDIA_TYPE} body for ${where}.`);
  if (typeof schema.$ref !== 'string') throw new Error(`${op.operationId} ${where}: inline schemas are not allowed; use a component.`);
  return `${SPEC_ID}${schema.$ref}`;
}

/** The security scheme an operation requires: its own `security`, else the document's (e.g. `partnerKey`, `organizationKey`). */
export function securitySchemeOf(spec: Json, op: Operation): string | undefined {
  const requirements = (op.object.security ?? spec.security) as Record<string, unknown>[] | undefined;
  return requirements?.[0] === undefined ? undefined : Object.keys(requirements[0])[0];
}

/** The first success status an operation documents (201 for a create, 200 for most, 204 for a delete). */
export function successStatusOf(op: Operation): number {
  const status = Object.keys(op.object.responses as object).map(Number).find((code) => code >= 200 && code < 300);
  if (status === undefined) throw new Error(`${op.operationId} documents no success status.`);
  return status;
}

/** The reference ajv should compile for a component schema, e.g. `TextPayload`. */
export function componentSchemaRef(name: string): string {
  return `${SPEC_ID}#/components/schemas/${name}`;
}

/** The schema ref of every query parameter an operation documents (path-item and operation level), by name. */
export function queryParameterRefs(spec: Json, op: Operation): Record<string, string> {
  const pathItem = (spec.paths as Record<string, Json>)[op.path] as Json;
  const declared = [
    ...((pathItem.parameters as Json[] | undefined) ?? []).map((p, i) => ({ p, at: `#/paths/${escapePointer(op.path)}/parameters/${i}` })),
    ...((op.object.parameters as Json[] | undefined) ?? []).map((p, i) => ({ p, at: `${op.pointer}/parameters/${i}` })),
  ];
  const refs: Record<string, string> = {};
  for (const { p, at } of declared) {
    const pointer = typeof p.$ref === 'string' ? p.$ref : at;
    const parameter = resolveRef(spec, p);
    if (parameter.in === 'query') refs[String(parameter.name)] = `${SPEC_ID}${pointer}/schema`;
  }
  return refs;
}

export interface SpecValidator {
  validate(ref: string, value: unknown): ErrorObject[];
}

/** Validators for the spec's schemas, compiled on first use (see scripts/spec-ajv.ts). */
export function createSpecValidator(spec: Json): SpecValidator {
  const ajv = createSpecAjv(spec);
  const cache = new Map<string, ValidateFunction>();
  return {
    validate(ref, value) {
      let validate = cache.get(ref);
      if (!validate) {
        validate = ajv.compile({ $ref: ref });
        cache.set(ref, validate);
      }
      return validate(value) ? [] : [...(validate.errors ?? [])];
    },
  };
}

export function formatErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}
