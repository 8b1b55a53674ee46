// The mock's request validators. Preferred: the ajv standalone code that `npm run generate`
// writes to generated/request-validators.js (no ajv at run time, nothing compiled at start).
// Until that artifact exists (or when it lacks a key, i.e. it is stale), each schema is
// compiled on first use with strict ajv 2020, exactly as the contract suite compiles the
// spec: the mock is a development tool, and a few hundred milliseconds of compilation on
// the first request of each operation are acceptable there.
import { OPENAPI_VOCABULARY, requestSchemas, specSchemaContainer } from './request-schemas';
import type { Json, SpecModel } from './spec-model';

/** One schema violation, as ajv reports it. */
export interface SchemaIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type ValidateFunction = ((data: unknown) => boolean) & { errors?: SchemaIssue[] | null };

export interface RequestValidators {
  /** Where the validators come from: `generated` (build time) or `compiled` (at first use). */
  readonly source: 'generated' | 'compiled';
  /** The violations of `value` against the schema under `key`; `[]` when it is valid. */
  validate(key: string, value: unknown): SchemaIssue[];
  has(key: string): boolean;
}

interface GeneratedRequestValidators {
  validators: Readonly<Record<string, ValidateFunction>>;
}

function loadGenerated(): GeneratedRequestValidators | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../generated/request-validators') as GeneratedRequestValidators;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

function run(validate: ValidateFunction, value: unknown): SchemaIssue[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export function createRequestValidators(model: SpecModel, options: { prefer?: 'generated' | 'compiled' } = {}): RequestValidators {
  const schemas = requestSchemas(model);
  const generated = options.prefer === 'compiled' ? undefined : loadGenerated();
  if (generated && [...schemas.keys()].every((key) => typeof generated.validators[key] === 'function')) {
    return {
      source: 'generated',
      has: (key) => schemas.has(key),
      validate(key, value) {
        const validate = generated.validators[key];
        if (!validate) throw new Error(`No request validator "${key}".`);
        return run(validate, value);
      },
    };
  }
  return compiledValidators(model.spec, schemas);
}

function compiledValidators(spec: Json, schemas: Map<string, Json>): RequestValidators {
  // Loaded only on this path: ajv is a development dependency of the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv2020 = (require('ajv/dist/2020') as { default: new (options: object) => AjvLike }).default;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addFormats = (require('ajv-formats') as { default: (ajv: AjvLike) => void }).default;
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary(OPENAPI_VOCABULARY);
  ajv.addSchema(specSchemaContainer(spec));
  const cache = new Map<string, ValidateFunction>();
  return {
    source: 'compiled',
    has: (key) => schemas.has(key),
    validate(key, value) {
      let validate = cache.get(key);
      if (!validate) {
        const schema = schemas.get(key);
        if (!schema) throw new Error(`No request validator "${key}".`);
        validate = ajv.compile(schema);
        cache.set(key, validate);
      }
      return run(validate, value);
    },
  };
}

interface AjvLike {
  addVocabulary(keywords: string[]): unknown;
  addSchema(schema: object): unknown;
  compile(schema: object): ValidateFunction;
}
