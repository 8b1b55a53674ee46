// The vocabulary of a spec diff report: what one change is, how it is classified, and the
// report that groups changes per operation. Shared by the classifier, the renderer and the tests.

export type Classification = 'breaking' | 'non-breaking' | 'documentation-only';
export type Bump = 'major' | 'minor' | 'patch' | 'none';

/**
 * Who is affected by a change: `request` (parameters and request body: what SDK users *send*),
 * `response` (response bodies and headers, and schemas only webhooks use: what SDK users *read*),
 * `operation` (the operation as a whole: added, removed, moved, renamed) or `document` (info,
 * servers, security).
 */
export type Direction = 'request' | 'response' | 'operation' | 'document';

/** The rule that classified a change; `docs/drift.md` has the table. */
export type RuleId =
  | 'operation-removed'
  | 'operation-added'
  | 'path-renamed'
  | 'operation-id-changed'
  | 'operation-deprecated'
  | 'parameter-removed'
  | 'parameter-added'
  | 'parameter-required-changed'
  | 'parameter-serialization-changed'
  | 'request-body-added'
  | 'request-body-removed'
  | 'request-body-required-changed'
  | 'media-type-removed'
  | 'media-type-added'
  | 'media-type-renamed'
  | 'status-removed'
  | 'status-added'
  | 'header-changed'
  | 'field-removed'
  | 'field-added'
  | 'required-added'
  | 'required-removed'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'enum-restriction-changed'
  | 'const-changed'
  | 'type-changed'
  | 'format-changed'
  | 'additional-properties-changed'
  | 'variant-removed'
  | 'variant-added'
  | 'constraint-changed'
  | 'example-changed'
  | 'annotation-changed'
  | 'library-verdict'
  | 'unclassified';

/** What api-smart-diff said about the change, kept for the record (`--json`). */
export interface LibraryVerdict {
  type: string;
  action: string;
  path: string;
}

export interface Change {
  classification: Classification;
  rule: RuleId;
  direction: Direction;
  /** Where in the operation: `response 200 (application/vnd.api+json)`, `query parameter include`, `request body`… */
  location: string;
  /** The field inside the body or parameter, dotted: `data[].attributes.status`. Absent for the location itself. */
  target?: string;
  /** One sentence a person can act on. */
  message: string;
  /** Said even though the change is not breaking, e.g. a response enum value old clients may not handle. */
  warning?: string;
  before?: unknown;
  after?: unknown;
  library: LibraryVerdict;
}

export interface OperationChanges {
  /** The operationId after the change (before, for a removed operation). */
  operationId: string;
  method: string;
  /** The path after the change (before, for a removed operation). */
  path: string;
  classification: Classification;
  changes: Change[];
}

export interface SpecDiffReport {
  bump: Bump;
  breaking: boolean;
  counts: Record<Classification, number> & { warnings: number };
  /** Per operation, in the order of the spec after the change (removed operations last). */
  operations: OperationChanges[];
  /**
   * Changes outside any operation: document metadata, security, and schemas no operation uses
   * (the webhook payloads), grouped by what they belong to.
   */
  other: { group: string; classification: Classification; changes: Change[] }[];
}
