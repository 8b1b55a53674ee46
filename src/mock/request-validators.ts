// The mock's request validators: the ajv standalone code that `npm run generate` writes to
// generated/request-validators.js with the same strict ajv 2020 set-up as the contract suite
// (scripts/spec-ajv.ts). No ajv at run time, nothing compiled at start.
import { requestSchemas } from './request-schemas';
import type { SpecModel } from './spec-model';

/** One schema violation, as ajv reports it. */
export interface SchemaIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type ValidateFunction = ((data: unknown) => boolean) & { errors?: SchemaIssue[] | null };

export interface RequestValidators {
  /** Where the validators come from: always `generated` (build time). */
  readonly source: 'generated';
  /** The violations of `value` against the schema under `key`; `[]` when it is valid. */
  validate(key: string, value: unknown): SchemaIssue[];
  has(key: string): boolean;
}

interface GeneratedRequestValidators {
  validators: Readonly<Record<string, ValidateFunction>>;
}

function run(validate: ValidateFunction, value: unknown): SchemaIssue[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

export function createRequestValidators(model: SpecModel): RequestValidators {
  const schemas = requestSchemas(model);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const generated = require('../../generated/request-validators') as GeneratedRequestValidators;
  const missing = [...schemas.keys()].filter((key) => typeof generated.validators[key] !== 'function');
  if (missing.length > 0) {
    throw new Error(`generated/request-validators.js is stale (no validator for ${missing.slice(0, 3).join(', ')}…): run \`npm run generate\`.`);
  }
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
