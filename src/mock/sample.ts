// A value that satisfies a schema, for the attributes the server sets and a request did not
// write (a nullable one is `null`, an enum its first value, `cost` its minimum). The schema's
// own `default`, `const` and `examples` win over anything made up here.
import type { IdGenerator } from './ids';
import type { Json } from './spec-model';

export interface SampleContext {
  resolve(node: unknown): Json;
  ids: IdGenerator;
  /** ISO timestamp of the mock clock's now. */
  now: string;
  /** Prefer `null` where the schema allows it (default true). */
  preferNull?: boolean;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function allowsNull(schema: Json, context: SampleContext): boolean {
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  const branches = [...((schema.oneOf as unknown[]) ?? []), ...((schema.anyOf as unknown[]) ?? [])];
  return branches.some((b) => isObject(b) && allowsNull(context.resolve(b), context));
}

export function sampleFromSchema(node: unknown, context: SampleContext, depth = 0): unknown {
  if (!isObject(node) || depth > 12) return null;
  const schema = context.resolve(node);
  if ('default' in schema) return structuredClone(schema.default);
  if ('const' in schema) return structuredClone(schema.const);
  if ((context.preferNull ?? true) && allowsNull(schema, context)) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return structuredClone(schema.examples[0]);
  if (Array.isArray(schema.enum)) return structuredClone(schema.enum.find((v) => v !== null) ?? null);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      const branch = branches.find((b) => isObject(b) && context.resolve(b).type !== 'null');
      return sampleFromSchema(branch, context, depth + 1);
    }
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  const type = types.find((t) => t !== 'null') ?? (isObject(schema.properties) || Array.isArray(schema.allOf) ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Json = {};
      const parts = [schema, ...((schema.allOf as unknown[]) ?? []).filter(isObject).map((b) => context.resolve(b))];
      for (const part of parts) {
        const properties = isObject(part.properties) ? part.properties : {};
        for (const name of (part.required as string[] | undefined) ?? []) {
          if (!(name in out)) out[name] = sampleFromSchema(properties[name] ?? {}, context, depth + 1);
        }
      }
      return out;
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, context, depth + 1));
    }
    case 'string':
      switch (schema.format) {
        case 'date-time':
          return context.now;
        case 'uuid':
          return context.ids.uuid();
        case 'email':
          return 'someone@example.com';
        case 'uri':
          return 'https://example.com/';
        default:
          return 'x'.repeat(typeof schema.minLength === 'number' ? schema.minLength : 0);
      }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
