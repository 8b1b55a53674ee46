// The JSON:API error documents the mock answers with. Recrubo sends `status` as a number
// and a snake_case `code` (ERRATA E-06: the one documented error); the mock does the same.
import type { SchemaIssue } from './request-validators';

export interface MockErrorObject {
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string; header?: string };
}

const TITLES: Record<number, [code: string, title: string]> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  405: ['method_not_allowed', 'Method Not Allowed'],
  406: ['not_acceptable', 'Not Acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload Too Large'],
  415: ['unsupported_media_type', 'Unsupported Media Type'],
  422: ['unprocessable_entity', 'Unprocessable Entity'],
  429: ['too_many_requests', 'Too Many Requests'],
  500: ['internal_server_error', 'Internal Server Error'],
  501: ['not_implemented', 'Not Implemented'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['gateway_timeout', 'Gateway Timeout'],
};

export function errorObject(status: number, detail: string, source?: MockErrorObject['source']): MockErrorObject {
  const [code, title] = TITLES[status] ?? ['error', `HTTP ${status}`];
  return source === undefined ? { status, code, title, detail } : { status, code, title, detail, source };
}

/** A refusal: thrown anywhere in request handling, answered as a JSON:API error document. */
export class MockHttpError extends Error {
  readonly status: number;
  readonly errors: MockErrorObject[];
  readonly headers: Record<string, string>;

  constructor(status: number, errors: MockErrorObject[] | string, headers: Record<string, string> = {}) {
    const list = typeof errors === 'string' ? [errorObject(status, errors)] : errors;
    super(list.map((e) => e.detail).join('; '));
    this.status = status;
    this.errors = list;
    this.headers = headers;
  }
}

const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer of the member an issue is about: a missing or unexpected member is named itself. */
export function issuePointer(issue: SchemaIssue): string {
  const member =
    issue.keyword === 'required'
      ? issue.params.missingProperty
      : issue.keyword === 'additionalProperties'
        ? issue.params.additionalProperty
        : issue.keyword === 'unevaluatedProperties'
          ? issue.params.unevaluatedProperty
          : issue.keyword === 'dependentRequired'
            ? issue.params.missingProperty
            : undefined;
  return typeof member === 'string' ? `${issue.instancePath}/${escapeSegment(member)}` : issue.instancePath;
}

/** What a schema issue says, in words (the schema keyword and its allowed values, never the sent value). */
export function issueDetail(issue: SchemaIssue, pointer: string): string {
  const where = pointer === '' ? 'The document' : `\`${pointer}\``;
  switch (issue.keyword) {
    case 'required':
      return `${where} is required.`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `${where} is not a member this operation accepts.`;
    case 'enum':
      return `${where} must be one of: ${(issue.params.allowedValues as unknown[]).map(String).join(', ')}.`;
    case 'const':
      return `${where} must be ${JSON.stringify(issue.params.allowedValue)}.`;
    default:
      return `${where} ${issue.message ?? `fails "${issue.keyword}"`}.`;
  }
}

/**
 * Issues as error objects, most specific first: the branch-level complaints of a union
 * (`oneOf`, `anyOf`, `if`) are dropped when a more precise issue explains the failure.
 */
export function issuesToErrors(
  issues: SchemaIssue[],
  status: number,
  locate: (issue: SchemaIssue, pointer: string) => { source: MockErrorObject['source']; detail?: string },
): MockErrorObject[] {
  const precise = issues.filter((i) => !['oneOf', 'anyOf', 'if', 'not', 'discriminator'].includes(i.keyword));
  const chosen = precise.length > 0 ? precise : issues;
  const seen = new Set<string>();
  const errors: MockErrorObject[] = [];
  for (const issue of chosen) {
    const pointer = issuePointer(issue);
    const { source, detail } = locate(issue, pointer);
    const text = detail ?? issueDetail(issue, pointer);
    const key = `${JSON.stringify(source)} ${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(errorObject(status, text, source));
    if (errors.length >= 20) break;
  }
  return errors;
}
