// How `validateResponses` reaches the generated validators (generated/validators.js, 1.4 MB of
// ajv standalone code): loaded only by a client that turns validation on, and never part of
// the core bundle (the package ships it as dist/generated/validators.js, next to the entries).
//
// This is the CommonJS form, used by the repo's tests and scripts and by the package's
// CommonJS build: a synchronous require when the client is built. The package's ESM build
// swaps this module for scripts/build/validators-loader.esm.ts, which loads the same file
// with import() (no `require` in ESM; bundlers split it into a chunk loaded on demand), and
// the transport awaits `ResponseValidation.ready` before the first request.
import type { GeneratedOperation, GeneratedValidateFunction } from '../../generated/validators';

export interface GeneratedModule {
  operations: Readonly<Record<string, GeneratedOperation>>;
  validators: Readonly<Record<string, GeneratedValidateFunction>>;
}

export function loadValidatorsModule(): GeneratedModule | Promise<GeneratedModule> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../generated/validators') as GeneratedModule;
}
