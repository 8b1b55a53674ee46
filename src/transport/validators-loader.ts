// How `validateResponses` reaches its checks (drift-check.ts) and, through them, the generated
// validators (generated/validators.js, 1.4 MB of ajv standalone code, imported by drift-check.ts):
// loaded only by a client that turns validation on, and never part of the core bundle (the
// package ships the validators as dist/generated/validators.js, next to the entries).
//
// This is the CommonJS form, used by the repo's tests and scripts and by the package's
// CommonJS build: a synchronous require when the client is built. The package's ESM build
// swaps this module for scripts/build/validators-loader.esm.ts, which loads the same module
// with import() (no `require` in ESM; bundlers split drift-check.ts and the validators into
// a chunk loaded on demand), and the transport awaits `ResponseValidation.ready` before the
// first request.
export type DriftCheckModule = typeof import('./drift-check');

export function loadDriftCheck(): DriftCheckModule | Promise<DriftCheckModule> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./drift-check') as DriftCheckModule;
}
