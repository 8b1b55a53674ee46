// Runtime drift detection (`validateResponses`), the part loaded on demand: each response body
// is checked against the spec's schema for its operation and status, with the validators
// compiled at build time into generated/validators.js (nothing is compiled at run time).
//
// Not part of the core: validation.ts holds the types and a small createResponseValidation()
// that loads this module, together with the validators it imports statically, through
// validators-loader.ts only when validation is on (a synchronous require in CommonJS; import()
// in the package's ESM build, where bundlers put this module and the validators in one chunk
// loaded on demand). Nothing may import this module statically except that loader (and
// tests): a static import would pull it, and the 1.4 MB of validators, into the core.
//
// 'throw' turns a drifted success body into a ContractViolationError. 'warn' (and any drift
// in an error body, where the HTTP error is what the caller needs) is reported once per
// operation, status and kind of drift, through `onResponseDrift` or console.warn. Reports
// name JSON pointers and schema keywords, never the values of the body.
import { ContractViolationError, type ContractViolation } from '../errors';
// A default import: the validators are a CommonJS module, and module.exports is the default
// export in Node's ESM, in CommonJS interop and in every bundler (webpack gives a strict ES
// module only that one).
import generated from '../../generated/validators';
import type { GeneratedOperation, GeneratedValidationError } from '../../generated/validators';
import { whereOf, type RequestDescription } from './http-error';
import type { ResponseDrift, ResponseDriftHandler, ResponseValidation, Route } from './validation';

const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** One ajv error as a violation: the pointer of the offending member itself, words without values. */
export function violationOf(error: GeneratedValidationError): ContractViolation {
  const member =
    error.keyword === 'required' ? error.params.missingProperty : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  const pointer = typeof member === 'string' ? `${error.instancePath}/${escapeSegment(member)}` : error.instancePath;
  const allowed = Array.isArray(error.params.allowedValues) ? `: ${error.params.allowedValues.map(String).join(', ')}` : '';
  const extra = typeof member === 'string' && error.keyword === 'additionalProperties' ? ` ("${member}")` : '';
  return { pointer, keyword: error.keyword, message: `${error.message ?? `fails "${error.keyword}"`}${extra}${allowed}` };
}

/** The drift kind: the same departure in item 3 and item 7 of a list is one kind. */
function kindOf(operationId: string, status: number, violation: ContractViolation): string {
  return `${operationId} ${status} ${violation.keyword} ${violation.pointer.replace(/\/\d+(?=\/|$)/g, '/*')}`;
}

function describeViolations(violations: readonly ContractViolation[], max = 5): string {
  const shown = violations.slice(0, max).map((v) => `${v.pointer || '/'} ${v.message}`);
  const more = violations.length > max ? ` (+${violations.length - max} more)` : '';
  return `${shown.join('; ')}${more}`;
}

function statusKeyOf(operation: GeneratedOperation, status: number): string | undefined {
  const candidates = [String(status), `${String(status)[0]}XX`, 'default'];
  return candidates.find((c) => operation.statuses.includes(c));
}

/**
 * The checks of one client, its validators loaded. `mode` was checked by
 * createResponseValidation (validation.ts), which is the only caller.
 */
export function createDriftCheck(mode: 'warn' | 'throw', onDrift?: ResponseDriftHandler): ResponseValidation {
  const { operations, validators } = generated;
  const reported = new Set<string>();

  function report(operationId: string, status: number, request: RequestDescription, violations: ContractViolation[]): void {
    const fresh = violations.filter((v) => {
      const kind = kindOf(operationId, status, v);
      if (reported.has(kind)) return false;
      reported.add(kind);
      return true;
    });
    if (fresh.length === 0) return;
    const message = `[recrubo-sdk] ${whereOf(request)} answered ${status} with a body that departs from the spec (${operationId}): ${describeViolations(fresh)}. The API may have changed: update recrubo-sdk, or report it.`;
    const drift: ResponseDrift = { operationId, status, method: request.method, url: request.url, violations: fresh, message };
    if (onDrift) onDrift(drift);
    else console.warn(message);
  }

  /** The violations of `body`, or undefined when the spec gives nothing to check it against. */
  function violationsOf(route: Route, status: number, body: unknown, undocumentedStatus: 'report' | 'skip'): { operationId: string; violations: ContractViolation[] } | undefined {
    const operation = operations[`${route.method.toUpperCase()} ${route.path}`];
    if (!operation) return undefined;
    const statusKey = statusKeyOf(operation, status);
    if (statusKey === undefined) {
      // Errors such as 429 or 503 can come from any gateway and are rarely documented per operation.
      if (undocumentedStatus === 'skip') return undefined;
      const violation = { pointer: '', keyword: 'status', message: `the spec documents no ${status} response for ${operation.operationId} (documented: ${operation.statuses.join(', ')})` };
      return { operationId: operation.operationId, violations: [violation] };
    }
    const validate = validators[`${operation.operationId} ${statusKey}`];
    if (!validate || body === undefined) return undefined;
    if (validate(body)) return { operationId: operation.operationId, violations: [] };
    return { operationId: operation.operationId, violations: (validate.errors ?? []).map(violationOf) };
  }

  return {
    check(route, status, body, request, requestId) {
      const result = violationsOf(route, status, body, 'report');
      if (!result || result.violations.length === 0) return;
      if (mode === 'warn') {
        report(result.operationId, status, request, result.violations);
        return;
      }
      throw new ContractViolationError(
        `${whereOf(request)} answered ${status} with a body that departs from the spec (${result.operationId}): ${describeViolations(result.violations)}. The API may have changed: update recrubo-sdk, or use validateResponses: 'warn' to keep going.`,
        {
          status,
          method: request.method,
          url: request.url,
          requestId,
          attempts: request.attempts,
          operationId: result.operationId,
          violations: result.violations,
        },
      );
    },
    checkErrorBody(route, status, body, request) {
      // A non-JSON error body is already a ResponseParseError-ish snippet; only documents are compared.
      if (typeof body !== 'object' || body === null) return;
      const result = violationsOf(route, status, body, 'skip');
      if (result && result.violations.length > 0) report(result.operationId, status, request, result.violations);
    },
  };
}
