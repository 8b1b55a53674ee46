// Runtime drift detection (`validateResponses`), the part in the core: its types, and
// createResponseValidation(), which checks the mode and loads the checks themselves on demand.
//
// The checks (per-operation lookup of the validator, ajv errors as ContractViolations,
// once-per-kind reporting, ContractViolationError in 'throw') are in drift-check.ts, which
// imports the validators compiled at build time into generated/validators.js (1.4 MB; nothing
// is compiled at run time). Both are loaded through validators-loader.ts only by a client
// that turns validation on: synchronously in CommonJS, with import() in the package's ESM
// build, where bundlers split them into one chunk and the core carries only this file.
// Import nothing from drift-check.ts here but its types.
import { ConfigurationError, type ContractViolation } from '../errors';
import type { RequestDescription } from './http-error';
import { loadDriftCheck, type DriftCheckModule } from './validators-loader';

export type ValidateResponsesMode = 'off' | 'warn' | 'throw';

/** What `onResponseDrift` receives: one response that departs from the spec. */
export interface ResponseDrift {
  /** The spec operation, e.g. `listFlowRuns`. */
  operationId: string;
  /** The HTTP status of the response. */
  status: number;
  method: string;
  /** The request URL, without credentials. */
  url: string;
  /** The departures not reported before for this operation and status. */
  violations: ContractViolation[];
  /** The same, as one line of text. */
  message: string;
}

export type ResponseDriftHandler = (drift: ResponseDrift) => void;

export interface ResponseValidation {
  /**
   * Settles once the checks and their validators are loaded: the package's ESM build imports
   * them on demand, and the transport awaits this before sending. Undefined when they were
   * loaded with the client (CommonJS). Rejects with ConfigurationError when they cannot be loaded.
   */
  ready?: Promise<void>;
  /** Checks a success body. Throws ContractViolationError in 'throw' mode. */
  check(route: Route, status: number, body: unknown, request: RequestDescription, requestId?: string): void;
  /** Checks an error body (reports only: the caller gets the HTTP error either way). */
  checkErrorBody(route: Route, status: number, body: unknown, request: RequestDescription): void;
}

export interface Route {
  method: string;
  path: string;
}

let driftCheck: DriftCheckModule | Promise<DriftCheckModule> | undefined;

export function createResponseValidation(mode: ValidateResponsesMode, onDrift?: ResponseDriftHandler): ResponseValidation | undefined {
  if (mode === 'off') return undefined;
  if (mode !== 'warn' && mode !== 'throw') throw new ConfigurationError(`validateResponses must be 'off', 'warn' or 'throw'.`);
  // Lazy, and once per process: only clients that turn validation on load the module.
  const loaded = (driftCheck ??= loadDriftCheck());
  if (!('then' in loaded)) return loaded.createDriftCheck(mode, onDrift);
  let checks: ResponseValidation | undefined;
  const ready = loaded.then(
    (module) => {
      checks = module.createDriftCheck(mode, onDrift);
    },
    (cause: unknown) => {
      throw new ConfigurationError(
        `validateResponses is '${mode}' but the response validators could not be loaded (${cause instanceof Error ? cause.message : String(cause)}). Reinstall recrubo-sdk, or use validateResponses: 'off'.`,
        { cause },
      );
    },
  );
  // Reported by the first request instead, not as an unhandled rejection of a client never used.
  ready.catch(() => undefined);
  // Nothing is checked before `ready` settles, which happens only if a response is read
  // without the transport having awaited it.
  return {
    ready,
    check: (...args) => checks?.check(...args),
    checkErrorBody: (...args) => checks?.checkErrorBody(...args),
  };
}
