// The one strict ajv 2020 set-up for the spec, shared by the contract suite, the response
// validators the SDK ships and the request validators the mock ships: never `strict: false`
// (it would accept `createdAt: 'yesterday'`), formats on, OpenAPI's annotation keywords known.
import Ajv2020, { type Options } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The `$id` under which the bundled spec's schemas are registered: refs read `recrubo-spec#/components/schemas/X`. */
export const SPEC_SCHEMA_ID = 'recrubo-spec';

type Json = Record<string, unknown>;

export function createSpecAjv(spec: Json, options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, ...options });
  addFormats(ajv);
  // OpenAPI's annotation keywords, and `components`/`paths`: the containers the refs point into.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs', 'components', 'paths']);
  // Only schemas are compiled; parameters and paths are registered as containers so that a
  // parameter's schema can be addressed by pointer (`…#/components/parameters/X/schema`).
  const components = spec.components as Json;
  ajv.addSchema({ $id: SPEC_SCHEMA_ID, components: { schemas: components.schemas, parameters: components.parameters }, paths: spec.paths } as never);
  return ajv;
}
