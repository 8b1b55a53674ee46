// Places each api-smart-diff change in an operation (or in a group outside the operations) and
// classifies it by our rules: where the change is (a parameter, the request body, a response)
// decides its direction, and the direction decides whether narrowing or widening breaks.
import type { Change, Classification, Direction, RuleId } from './types';
import { classifySchemaChange, fromLibrary, show, type Action, type LibraryType, type Verdict } from './schema-rules';
import { componentRef, deref, isObject, operationParameters, valueAt, type Json } from './refs';

/** One change as api-smart-diff reports it. */
export interface LibraryDiff {
  action: Action;
  path: (string | number)[];
  before?: unknown;
  after?: unknown;
  type: LibraryType;
  description?: string;
}

export interface ClassifyContext {
  before: Json;
  after: Json;
  /** Path keys renamed by the change (before → after). */
  renames: Map<string, string>;
  /** Components any operation reaches, before or after: their changes already show under `paths`. */
  reachable: Set<string>;
  /** For each component ref, the operations (`method path`, after keys) that reach it. */
  usedBy: Map<string, { pathKey: string; method: string }[]>;
}

export type Placement =
  | { kind: 'operation'; pathKey: string; method: string }
  | { kind: 'path-item'; pathKey: string }
  | { kind: 'group'; group: string };

export interface PlacedChange {
  at: Placement;
  change: Change;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const DOCS: Classification = 'documentation-only';

function library(diff: LibraryDiff): Change['library'] {
  return { type: diff.type, action: diff.action, path: diff.path.map(String).join('/') };
}

/** Values worth repeating in `--json` (an added operation's whole object is not). */
const small = (value: unknown): boolean => value !== undefined && (JSON.stringify(value)?.length ?? 0) <= 300;

function make(diff: LibraryDiff, direction: Direction, location: string, verdict: Verdict): Change {
  return {
    classification: verdict.classification,
    rule: verdict.rule,
    direction,
    location,
    ...(verdict.target ? { target: verdict.target } : {}),
    message: verdict.message,
    ...(verdict.warning ? { warning: verdict.warning } : {}),
    ...(small(diff.before) ? { before: diff.before } : {}),
    ...(small(diff.after) ? { after: diff.after } : {}),
    library: library(diff),
  };
}

/** The library's verdict, in our words: for anything our rules do not name. */
function byLibrary(diff: LibraryDiff, what: string, rule: RuleId = diff.type === 'unclassified' ? 'unclassified' : 'library-verdict'): Verdict {
  const { classification, warning } = fromLibrary(diff.type);
  const words = diff.action === 'add' ? `added ${show(diff.after)}` : diff.action === 'remove' ? `removed ${show(diff.before)}` : `changed from ${show(diff.before)} to ${show(diff.after)}`;
  return { classification, rule, message: `${what} ${words}`, ...(warning ? { warning } : {}) };
}

const verb = (action: Action): string => (action === 'add' ? 'added' : action === 'remove' ? 'removed' : 'changed');

function annotation(diff: LibraryDiff, what: string): Verdict {
  return { classification: DOCS, rule: /example/.test(what) ? 'example-changed' : 'annotation-changed', message: `${what} ${verb(diff.action)}` };
}

function contentChange(diff: LibraryDiff, rest: (string | number)[], direction: Direction, where: string): { location: string; verdicts: Verdict[] } {
  // rest starts after `content`
  const [mediaType, keyword] = rest;
  if (mediaType === undefined) {
    return {
      location: where,
      verdicts: [diff.action === 'add'
        ? { classification: 'non-breaking', rule: 'media-type-added', message: `${where} now has a body` }
        : { classification: 'breaking', rule: 'media-type-removed', message: `${where} no longer has a body` }],
    };
  }
  const location = `${where} (${String(mediaType)})`;
  if (keyword === undefined) {
    if (diff.action === 'add') return { location, verdicts: [{ classification: 'non-breaking', rule: 'media-type-added', message: `media type ${String(mediaType)} added` }] };
    if (diff.action === 'remove') {
      return { location, verdicts: [{ classification: 'breaking', rule: 'media-type-removed', message: `media type ${String(mediaType)} removed: clients that send or accept it fail` }] };
    }
    return { location: where, verdicts: [{ classification: 'breaking', rule: 'media-type-renamed', message: `media type changed from ${show(diff.before)} to ${show(diff.after)}` }] };
  }
  if (keyword === 'schema') {
    return { location, verdicts: classifySchemaChange({ direction, segments: rest.slice(2), action: diff.action, before: diff.before, after: diff.after, libraryType: diff.type }) };
  }
  if (keyword === 'example' || keyword === 'examples') {
    const name = rest[2] !== undefined && keyword === 'examples' ? ` \`${String(rest[2])}\`` : '';
    return { location, verdicts: [{ classification: DOCS, rule: 'example-changed', message: `example${name} ${verb(diff.action)}` }] };
  }
  return { location, verdicts: [byLibrary(diff, rest.slice(1).join('.'))] };
}

function parameterChange(diff: LibraryDiff, pathKey: string, method: string, rest: (string | number)[], ctx: ClassifyContext): { location: string; verdicts: Verdict[] } {
  // rest starts after `parameters`
  const [index, keyword] = rest;
  const param = keyword === undefined
    ? deref(diff.action === 'add' ? ctx.after : ctx.before, diff.action === 'add' ? diff.after : diff.before)
    : operationParameters(ctx.before, pathKey, method)[Number(index)];
  const p = isObject(param) ? param : {};
  const name = String(p.name ?? `#${String(index)}`);
  const label = `${String(p.in ?? '')} parameter \`${name}\``.trim();
  const location = `${String(p.in ?? '')} parameter ${name}`.trim();
  if (keyword === undefined) {
    if (diff.action === 'add') {
      return {
        location,
        verdicts: [p.required === true
          ? { classification: 'breaking', rule: 'parameter-added', message: `added required ${label}: calls that omit it fail` }
          : { classification: 'non-breaking', rule: 'parameter-added', message: `added optional ${label}` }],
      };
    }
    if (diff.action === 'remove') {
      return { location, verdicts: [{ classification: 'breaking', rule: 'parameter-removed', message: `removed ${label}: code that sends it no longer type-checks, and the server may reject or ignore it` }] };
    }
  }
  if (keyword === 'required' && rest.length === 2) {
    const now = diff.action === 'remove' ? false : diff.after === true;
    return {
      location,
      verdicts: [now
        ? { classification: 'breaking', rule: 'parameter-required-changed', message: `${label} is now required: calls that omit it fail` }
        : { classification: 'non-breaking', rule: 'parameter-required-changed', message: `${label} is no longer required` }],
    };
  }
  if (keyword === 'schema') {
    return { location, verdicts: classifySchemaChange({ direction: 'request', segments: rest.slice(2), action: diff.action, before: diff.before, after: diff.after, prefix: name, libraryType: diff.type }) };
  }
  if (keyword === 'name' || keyword === 'in') {
    return { location, verdicts: [{ classification: 'breaking', rule: 'parameter-serialization-changed', message: `${label}: ${String(keyword)} changed from ${show(diff.before)} to ${show(diff.after)}` }] };
  }
  if (keyword === 'style' || keyword === 'explode' || keyword === 'allowReserved' || keyword === 'allowEmptyValue') {
    return { location, verdicts: [byLibrary(diff, `${label} ${String(keyword)}`, 'parameter-serialization-changed')] };
  }
  if (keyword === 'deprecated') {
    return {
      location,
      verdicts: [diff.after === true
        ? { classification: 'non-breaking', rule: 'operation-deprecated', message: `${label} is deprecated`, warning: 'deprecated: plan its removal, which will be breaking' }
        : { classification: DOCS, rule: 'annotation-changed', message: `${label} is no longer deprecated` }],
    };
  }
  if (keyword === 'description' || keyword === 'example' || keyword === 'examples') return { location, verdicts: [annotation(diff, `${String(keyword)} of ${label}`)] };
  return { location, verdicts: [byLibrary(diff, `${label} ${rest.slice(1).join('.')}`)] };
}

function operationChange(diff: LibraryDiff, pathKey: string, method: string, rest: (string | number)[], ctx: ClassifyContext): { direction: Direction; location: string; verdicts: Verdict[] } {
  const [area, ...tail] = rest;
  const endpoint = `${method.toUpperCase()} ${ctx.renames.get(pathKey) ?? pathKey}`;
  if (area === undefined) {
    return {
      direction: 'operation',
      location: 'operation',
      verdicts: [diff.action === 'remove'
        ? { classification: 'breaking', rule: 'operation-removed', message: `operation ${endpoint} removed: calls to it fail, and its SDK method goes away` }
        : { classification: 'non-breaking', rule: 'operation-added', message: `operation ${endpoint} added` }],
    };
  }
  if (area === 'parameters') {
    if (tail.length === 0) return { direction: 'request', location: 'parameters', verdicts: [byLibrary(diff, 'parameters')] };
    return { direction: 'request', ...parameterChange(diff, pathKey, method, tail, ctx) };
  }
  if (area === 'requestBody') {
    const [keyword] = tail;
    const body = deref(diff.action === 'add' ? ctx.after : ctx.before, diff.action === 'add' ? diff.after : diff.before);
    if (keyword === undefined) {
      const required = isObject(body) && body.required === true;
      return {
        direction: 'request',
        location: 'request body',
        verdicts: [diff.action === 'remove'
          ? { classification: 'breaking', rule: 'request-body-removed', message: 'request body removed: calls that send one no longer type-check' }
          : required
            ? { classification: 'breaking', rule: 'request-body-added', message: 'a required request body was added: calls without one fail' }
            : { classification: 'non-breaking', rule: 'request-body-added', message: 'an optional request body was added' }],
      };
    }
    if (keyword === 'required') {
      const now = diff.action === 'remove' ? false : diff.after === true;
      return {
        direction: 'request',
        location: 'request body',
        verdicts: [now
          ? { classification: 'breaking', rule: 'request-body-required-changed', message: 'the request body is now required: calls without one fail' }
          : { classification: 'non-breaking', rule: 'request-body-required-changed', message: 'the request body is no longer required' }],
      };
    }
    if (keyword === 'content') return { direction: 'request', ...contentChange(diff, tail.slice(1), 'request', 'request body') };
    if (keyword === 'description') return { direction: 'request', location: 'request body', verdicts: [annotation(diff, 'description of the request body')] };
    return { direction: 'request', location: 'request body', verdicts: [byLibrary(diff, `request body ${tail.join('.')}`)] };
  }
  if (area === 'responses') {
    const [status, keyword, ...more] = tail;
    if (status === undefined) return { direction: 'response', location: 'responses', verdicts: [byLibrary(diff, 'responses')] };
    const where = `response ${String(status)}`;
    if (keyword === undefined) {
      if (diff.action === 'add') return { direction: 'response', location: where, verdicts: [{ classification: 'non-breaking', rule: 'status-added', message: `response ${String(status)} added` }] };
      if (diff.action === 'remove') {
        return { direction: 'response', location: where, verdicts: [{ classification: 'breaking', rule: 'status-removed', message: `response ${String(status)} removed: code that expects it gets something else` }] };
      }
      return { direction: 'response', location: where, verdicts: [{ classification: DOCS, rule: 'annotation-changed', message: `status ${show(diff.before)} spelled ${show(diff.after)}` }] };
    }
    if (keyword === 'content') return { direction: 'response', ...contentChange(diff, more, 'response', where) };
    if (keyword === 'description') return { direction: 'response', location: where, verdicts: [annotation(diff, `description of ${where}`)] };
    if (keyword === 'headers') return { direction: 'response', location: where, verdicts: [byLibrary(diff, `${where} header ${more.join('.') || ''}`.trim(), 'header-changed')] };
    return { direction: 'response', location: where, verdicts: [byLibrary(diff, `${where} ${[keyword, ...more].join('.')}`)] };
  }
  if (area === 'operationId') {
    return {
      direction: 'operation',
      location: 'operation',
      verdicts: [{
        classification: 'non-breaking', rule: 'operation-id-changed',
        message: `operationId changed from ${show(diff.before)} to ${show(diff.after)} (the SDK does not expose it; the contract manifests name operations by it)`,
      }],
    };
  }
  if (area === 'deprecated') {
    return {
      direction: 'operation',
      location: 'operation',
      verdicts: [diff.after === true
        ? { classification: 'non-breaking', rule: 'operation-deprecated', message: `operation ${endpoint} is deprecated`, warning: 'deprecated: plan its removal, which will be breaking' }
        : { classification: DOCS, rule: 'annotation-changed', message: `operation ${endpoint} is no longer deprecated` }],
    };
  }
  if (area === 'summary' || area === 'description' || area === 'tags' || area === 'externalDocs' || (typeof area === 'string' && area.startsWith('x-'))) {
    return { direction: 'operation', location: 'operation', verdicts: [annotation(diff, String(area))] };
  }
  return { direction: 'operation', location: 'operation', verdicts: [byLibrary(diff, rest.join('.'))] };
}

export function classifyDiff(diff: LibraryDiff, ctx: ClassifyContext): PlacedChange[] {
  const path = diff.path;
  const [root, key, method, ...rest] = path;

  if (root === 'paths') {
    if (key === undefined) {
      if (diff.action === 'rename') {
        const from = String(diff.before);
        const to = String(diff.after);
        const item = deref(ctx.after, valueAt(ctx.after, ['paths', to]));
        const methods = isObject(item) ? Object.keys(item).filter((m) => METHODS.has(m)) : [];
        const change = make(diff, 'operation', 'path', {
          classification: 'breaking', rule: 'path-renamed',
          message: `path changed from ${from} to ${to}: \`recrubo.raw\` calls name the path, and old URLs may stop working`,
        });
        return methods.map((m) => ({ at: { kind: 'operation', pathKey: to, method: m }, change }));
      }
      return [{ at: { kind: 'group', group: 'paths' }, change: make(diff, 'operation', 'paths', byLibrary(diff, 'paths')) }];
    }
    const pathKey = String(key);
    const afterKey = ctx.renames.get(pathKey) ?? pathKey;
    if (method === undefined) {
      // A whole path item: one change per operation in it.
      const item = deref(diff.action === 'add' ? ctx.after : ctx.before, diff.action === 'add' ? diff.after : diff.before);
      const methods = isObject(item) ? Object.keys(item).filter((m) => METHODS.has(m)) : [];
      return methods.map((m) => ({
        at: { kind: 'operation', pathKey: afterKey, method: m },
        change: make({ ...diff, path: [...path, m] }, 'operation', 'operation', operationChange({ ...diff, path: [...path, m] }, pathKey, m, [], ctx).verdicts[0]!),
      }));
    }
    if (typeof method === 'string' && METHODS.has(method)) {
      const { direction, location, verdicts } = operationChange(diff, pathKey, method, rest, ctx);
      return verdicts.map((v) => ({ at: { kind: 'operation', pathKey: afterKey, method }, change: make(diff, direction, location, v) }));
    }
    // Path-item level (summary, description, servers, or parameters the library did not move).
    const what = [method, ...rest].join('.');
    const verdict = method === 'summary' || method === 'description' ? annotation(diff, String(method)) : byLibrary(diff, what);
    return [{ at: { kind: 'path-item', pathKey: afterKey }, change: make(diff, 'operation', 'path item', verdict) }];
  }

  if (root === 'components') {
    const ref = componentRef(path);
    const kind = String(key);
    if (ref === undefined) return [{ at: { kind: 'group', group: 'components' }, change: make(diff, 'document', 'components', byLibrary(diff, `components.${kind}`)) }];
    const name = String(method);
    if (kind === 'examples') {
      // api-smart-diff does not follow example $refs from operations: attribute the change here.
      const verdict: Verdict = { classification: DOCS, rule: 'example-changed', message: `example \`${name}\` ${verb(diff.action)}` };
      const users = ctx.usedBy.get(ref) ?? [];
      if (users.length === 0) return [{ at: { kind: 'group', group: `example ${name} (used by no operation)` }, change: make(diff, 'document', `example ${name}`, verdict) }];
      return users.map((u) => ({ at: { kind: 'operation', pathKey: u.pathKey, method: u.method }, change: make(diff, 'response', 'examples', verdict) }));
    }
    if (ctx.reachable.has(ref)) return []; // already reported under each operation that uses it
    if (kind === 'schemas') {
      // Used by no operation: in this spec that is what webhooks deliver, so it is read.
      const group = `schema ${name} (used by no operation: read, e.g. a webhook payload)`;
      const segments = rest;
      if (segments.length === 0) {
        const verdict: Verdict = diff.action === 'remove'
          ? { classification: 'breaking', rule: 'field-removed', message: `schema ${name} removed` }
          : { classification: 'non-breaking', rule: 'field-added', message: `schema ${name} ${verb(diff.action)}` };
        return [{ at: { kind: 'group', group }, change: make(diff, 'response', `schema ${name}`, verdict) }];
      }
      return classifySchemaChange({ direction: 'response', segments, action: diff.action, before: diff.before, after: diff.after, libraryType: diff.type })
        .map((v) => ({ at: { kind: 'group', group }, change: make(diff, 'response', `schema ${name}`, v) }));
    }
    if (kind === 'securitySchemes') {
      // A scheme's definition alone requires nothing (api-smart-diff calls adding one breaking):
      // what operations require is under their `security`.
      const verdict: Verdict = diff.action === 'add' && rest.length === 0
        ? { classification: 'non-breaking', rule: 'library-verdict', message: `security scheme ${name} defined` }
        : byLibrary(diff, `security scheme ${name}`);
      return [{ at: { kind: 'group', group: 'security' }, change: make(diff, 'document', `security scheme ${name}`, verdict) }];
    }
    return [{ at: { kind: 'group', group: `${kind} ${name} (used by no operation)` }, change: make(diff, 'document', `${kind} ${name}`, { classification: DOCS, rule: 'annotation-changed', message: `unused ${kind} ${name} ${verb(diff.action)}` }) }];
  }

  if (root === 'info' || root === 'tags' || root === 'externalDocs' || root === 'openapi' || root === 'jsonSchemaDialect') {
    const tag = root === 'tags' && path.length === 2 ? [diff.after, diff.before].find(isObject) : undefined;
    const what = tag ? `tag ${show(tag.name)}` : path.map(String).join('.');
    return [{ at: { kind: 'group', group: 'document' }, change: make(diff, 'document', String(root), { classification: DOCS, rule: 'annotation-changed', message: `${what} ${diff.action === 'replace' ? `changed from ${show(diff.before)} to ${show(diff.after)}` : verb(diff.action)}` }) }];
  }
  const group = root === 'security' ? 'security' : String(root);
  return [{ at: { kind: 'group', group }, change: make(diff, 'document', String(root), byLibrary(diff, path.map(String).join('.'))) }];
}
