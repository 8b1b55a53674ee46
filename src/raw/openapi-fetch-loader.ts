// How `recrubo.raw` reaches openapi-fetch: on its first call, so that the core bundle does not
// carry it (the resource methods do not use it; see raw-client.ts).
//
// This is the CommonJS form, used by the repo's tests and scripts and by the package's
// CommonJS build: a synchronous require. The package's ESM build swaps this module for
// scripts/build/openapi-fetch-loader.esm.ts, which loads openapi-fetch with import() (bundlers
// split it into a chunk of its own), as it does for the response validators.
import type { Client, ClientOptions } from 'openapi-fetch';

/** openapi-fetch's default export, as the SDK uses it. */
export type CreateClient = <Paths extends {}>(options: ClientOptions) => Client<Paths>;

export function loadOpenapiFetch(): CreateClient | Promise<CreateClient> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('openapi-fetch') as { default: CreateClient }).default;
}
