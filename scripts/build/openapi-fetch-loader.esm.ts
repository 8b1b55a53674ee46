// The ESM build's src/raw/openapi-fetch-loader.ts (see there): openapi-fetch imported on
// demand, on the first call of `recrubo.raw`.
import type { CreateClient } from '../../src/raw/openapi-fetch-loader';

export function loadOpenapiFetch(): Promise<CreateClient> {
  // The ESM and CommonJS declarations of openapi-fetch are distinct types to TypeScript; same code.
  return import('openapi-fetch').then((namespace: { default: unknown }) => namespace.default as CreateClient);
}
