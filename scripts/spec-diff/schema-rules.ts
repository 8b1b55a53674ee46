// Our rules for a change inside a JSON schema (a request body, a parameter, a response body),
// where the direction decides: a request schema describes what SDK users send, so narrowing it
// breaks them; a response schema describes what they read, so widening it breaks them.
// The table with every rule is in docs/drift.md.
import type { Classification, Direction, RuleId } from './types';
import { isObject } from './refs';

export type Action = 'add' | 'remove' | 'replace' | 'rename';

/** The library's own verdict, used where our rules defer to it (constraints, security, …). */
export type LibraryType = 'breaking' | 'non-breaking' | 'annotation' | 'unclassified' | 'deprecated';

export interface Verdict {
  classification: Classification;
  rule: RuleId;
  /** Relative to the location: the field, dotted (`data[].attributes.status`). */
  target?: string;
  message: string;
  warning?: string;
}

const BREAKING: Classification = 'breaking';
const NON_BREAKING: Classification = 'non-breaking';
const DOCS: Classification = 'documentation-only';

/** Keywords that only describe: changing them changes no type and no validation. */
export const ANNOTATION_KEYWORDS = new Set(['description', 'title', 'summary', '$comment', 'externalDocs', 'example', 'examples', 'xml']);
/** Validation keywords: our rules defer to api-smart-diff, which already reverses them for responses. */
const CONSTRAINT_KEYWORDS = new Set([
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains', 'contentEncoding', 'contentMediaType',
]);

export const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * A variant of a oneOf/anyOf: the first component it names (api-smart-diff hands variants over
 * rewritten, e.g. `{ allOf: [{ $ref }, { discriminator }] }`), else its `type` const.
 */
export function variantName(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('#/')) return value.split('/').pop() ?? value;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.shift();
    if (Array.isArray(node)) stack.push(...node);
    else if (isObject(node)) {
      if (typeof node.$ref === 'string') return node.$ref.split('/').pop() ?? node.$ref;
      stack.push(...Object.values(node));
    }
  }
  if (isObject(value)) {
    const props = isObject(value.properties) ? value.properties : {};
    const type = isObject(props.type) ? props.type.const : undefined;
    if (typeof type === 'string') return `type=${type}`;
  }
  return show(value);
}

/** api-smart-diff's verdict in our three classes; what it could not classify counts as breaking. */
export function fromLibrary(type: LibraryType): { classification: Classification; warning?: string } {
  switch (type) {
    case 'breaking':
      return { classification: BREAKING };
    case 'non-breaking':
      return { classification: NON_BREAKING };
    case 'annotation':
      return { classification: DOCS };
    case 'deprecated':
      return { classification: NON_BREAKING, warning: 'deprecated: plan its removal, which will be breaking' };
    default:
      return {
        classification: BREAKING,
        warning: 'api-smart-diff could not classify this change, so it counts as breaking: review it, and rerun with --allow-breaking if it is safe',
      };
  }
}

const join = (base: string, key: string): string => (base ? `${base}.${key}` : key);
const quoted = (target: string): string => (target ? `\`${target}\`` : 'the value');

/** The JSON types a `type` value admits (`integer` is a kind of `number`). */
function typeSet(value: unknown): Set<string> {
  if (value === undefined) return new Set(['any']);
  return new Set((Array.isArray(value) ? value : [value]).map(String));
}
function covers(types: Set<string>, type: string): boolean {
  return types.has('any') || types.has(type) || (type === 'integer' && types.has('number'));
}
/** Every value `before` admits is still admitted by `after`. */
function widens(before: Set<string>, after: Set<string>): boolean {
  return [...before].every((t) => covers(after, t));
}

function typeVerdict(direction: Direction, target: string, before: unknown, after: unknown): Verdict {
  const b = typeSet(before);
  const a = typeSet(after);
  const label = (s: Set<string>): string => [...s].join(' | ');
  const base = `type of ${quoted(target)} changed from ${label(b)} to ${label(a)}`;
  if (direction === 'request') {
    return widens(b, a)
      ? { classification: NON_BREAKING, rule: 'type-changed', message: `${base}: it accepts more than before` }
      : { classification: BREAKING, rule: 'type-changed', message: `${base}: calls that send the old type fail` };
  }
  return widens(a, b)
    ? { classification: NON_BREAKING, rule: 'type-changed', message: `${base}: it returns a subset of what it did` }
    : { classification: BREAKING, rule: 'type-changed', message: `${base}: code that reads it may get a type it does not expect` };
}

/**
 * Narrowing (`add` of a restriction) breaks writers; widening (`remove`) breaks readers;
 * replacing it breaks both.
 */
function restriction(direction: Direction, action: Action): Classification {
  if (action === 'add') return direction === 'request' ? BREAKING : NON_BREAKING;
  if (action === 'remove') return direction === 'request' ? NON_BREAKING : BREAKING;
  return BREAKING;
}

export interface SchemaChange {
  direction: Direction;
  /** The path segments below the `schema` keyword. */
  segments: readonly (string | number)[];
  action: Action;
  before: unknown;
  after: unknown;
  /** Prefix for the target, e.g. a parameter's name. */
  prefix?: string;
  libraryType: LibraryType;
}

/** Walks the segments to the changed keyword: `properties.x.items` → `x[]`. */
function walk(segments: readonly (string | number)[], prefix: string): { target: string; rest: (string | number)[] } {
  let target = prefix;
  let i = 0;
  while (i < segments.length) {
    const key = segments[i];
    const remaining = segments.length - i;
    if (key === 'properties' && remaining > 2) {
      target = join(target, String(segments[i + 1]));
      i += 2;
    } else if (key === 'items' && remaining > 1) {
      target = `${target}[]`;
      i += 1;
    } else if (key === 'additionalProperties' && remaining > 1) {
      target = `${target}{*}`;
      i += 1;
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && remaining > 2) {
      i += 2; // a branch of a combination: the field path is the same in every branch
    } else {
      break;
    }
  }
  return { target, rest: segments.slice(i) as (string | number)[] };
}

export function classifySchemaChange(change: SchemaChange): Verdict[] {
  const { direction, action, before, after } = change;
  const { target, rest } = walk(change.segments, change.prefix ?? '');
  const [keyword, index] = rest;
  const reading = direction !== 'request';
  const value = action === 'remove' ? before : after;

  if (keyword === 'properties' && rest.length === 2) {
    const field = join(target, String(index));
    if (action === 'remove') {
      return [{
        classification: BREAKING, rule: 'field-removed', target: field,
        message: reading
          ? `removed field \`${field}\`: code that reads it gets undefined`
          : `removed field \`${field}\`: code that sends it no longer type-checks, and the server may reject it`,
      }];
    }
    if (action === 'add') return [{ classification: NON_BREAKING, rule: 'field-added', target: field, message: `added ${reading ? '' : 'optional '}field \`${field}\`` }];
  }

  if (keyword === 'required') {
    const names = index === undefined ? (Array.isArray(value) ? value.map(String) : []) : [String(value)];
    if (action === 'add' || action === 'remove') {
      return names.map((name): Verdict => {
        const field = join(target, name);
        if (action === 'add') {
          return reading
            ? { classification: NON_BREAKING, rule: 'required-added', target: field, message: `field \`${field}\` is now always present` }
            : { classification: BREAKING, rule: 'required-added', target: field, message: `field \`${field}\` is now required: calls that omit it fail` };
        }
        return reading
          ? { classification: BREAKING, rule: 'required-removed', target: field, message: `field \`${field}\` may now be absent: code that reads it must handle undefined` }
          : { classification: NON_BREAKING, rule: 'required-removed', target: field, message: `field \`${field}\` is no longer required` };
      });
    }
  }

  if (keyword === 'enum') {
    const added = (value: unknown): Verdict => (reading
      ? {
        classification: NON_BREAKING, rule: 'enum-value-added', target,
        message: `${quoted(target)} may now be ${show(value)}`,
        warning: `old clients may not handle ${show(value)}: an exhaustive switch falls through and a strict validator rejects it`,
      }
      : { classification: NON_BREAKING, rule: 'enum-value-added', target, message: `${quoted(target)} now also accepts ${show(value)}` });
    const removed = (value: unknown): Verdict => ({
      classification: BREAKING, rule: 'enum-value-removed', target,
      message: reading
        ? `${quoted(target)} no longer has the value ${show(value)}: code that compares with it no longer type-checks`
        : `${quoted(target)} no longer accepts ${show(value)}: calls that send it fail`,
    });
    if (index !== undefined && action === 'add') return [added(after)];
    if (index !== undefined && action === 'remove') return [removed(before)];
    // api-smart-diff pairs a removed value with an added one as a replacement: it is both.
    if (index !== undefined) return [removed(before), added(after)];
    return [{
      classification: restriction(direction, action), rule: 'enum-restriction-changed', target,
      message: action === 'add' ? `${quoted(target)} is now limited to ${show(after)}` : action === 'remove' ? `${quoted(target)} is no longer limited to ${show(before)}` : `${quoted(target)}: values ${show(before)} became ${show(after)}`,
    }];
  }

  if (keyword === 'const' && rest.length === 1) {
    return [{
      classification: restriction(direction, action), rule: 'const-changed', target,
      message: action === 'replace' ? `${quoted(target)} changed from ${show(before)} to ${show(after)}` : action === 'add' ? `${quoted(target)} is now always ${show(after)}` : `${quoted(target)} is no longer fixed to ${show(before)}`,
    }];
  }

  if (keyword === 'type') {
    if (index === undefined) return [typeVerdict(direction, target, before, after)];
    // One member of a type list (`[string, null]`): adding widens, removing narrows.
    if (action === 'replace') return [typeVerdict(direction, target, before, after)];
    const classification = action === 'add' ? (reading ? BREAKING : NON_BREAKING) : reading ? NON_BREAKING : BREAKING;
    return [{ classification, rule: 'type-changed', target, message: `type of ${quoted(target)} ${action === 'add' ? `now also admits ${show(after)}` : `no longer admits ${show(before)}`}` }];
  }

  if (keyword === 'nullable' && rest.length === 1) {
    const nowNull = after === true;
    const classification = nowNull ? (reading ? BREAKING : NON_BREAKING) : reading ? NON_BREAKING : BREAKING;
    return [{ classification, rule: 'type-changed', target, message: `${quoted(target)} ${nowNull ? 'may now be null' : 'can no longer be null'}` }];
  }

  if (keyword === 'format' && rest.length === 1) {
    return [{
      classification: restriction(direction, action), rule: 'format-changed', target,
      message: action === 'replace' ? `format of ${quoted(target)} changed from ${show(before)} to ${show(after)}` : action === 'add' ? `${quoted(target)} now has format ${show(after)}` : `${quoted(target)} no longer has format ${show(before)}`,
    }];
  }

  if (keyword === 'additionalProperties' && rest.length === 1) {
    const closed = (v: unknown): boolean => v === false;
    if (closed(before) && !closed(after) && (after === undefined || after === true || (isObject(after) && Object.keys(after).length === 0))) {
      // Readers are tolerant of new members (an added response field is not breaking either).
      return [{ classification: NON_BREAKING, rule: 'additional-properties-changed', target, message: `${quoted(target)} now allows members the spec does not list` }];
    }
    if (!closed(before) && closed(after)) {
      return [{
        classification: reading ? NON_BREAKING : BREAKING, rule: 'additional-properties-changed', target,
        message: `${quoted(target)} no longer allows members the spec does not list${reading ? '' : ': calls that send any fail'}`,
      }];
    }
  }

  if ((keyword === 'oneOf' || keyword === 'anyOf') && rest.length === 2) {
    if (action === 'add') {
      return [reading
        ? {
          classification: NON_BREAKING, rule: 'variant-added', target,
          message: `${quoted(target)} may now be variant ${variantName(after)}`,
          warning: `old clients may not handle variant ${variantName(after)}`,
        }
        : { classification: NON_BREAKING, rule: 'variant-added', target, message: `${quoted(target)} now also accepts variant ${variantName(after)}` }];
    }
    if (action === 'remove') {
      return [{
        classification: BREAKING, rule: 'variant-removed', target,
        message: reading
          ? `${quoted(target)} is no longer variant ${variantName(before)}: code that handles it no longer type-checks`
          : `${quoted(target)} no longer accepts variant ${variantName(before)}: calls that send it fail`,
      }];
    }
  }

  if (keyword === 'discriminator') {
    // A new mapping entry names a variant the oneOf already gained (reported on its own);
    // anything else changes which variant a value selects.
    if (rest[1] === 'mapping' && rest.length === 3 && action === 'add') {
      return [{ classification: DOCS, rule: 'annotation-changed', target, message: `discriminator of ${quoted(target)} maps ${show(rest[2])} to ${variantName(after)}` }];
    }
    const part = rest.length > 1 ? ` (${rest.slice(1).join('.')})` : '';
    return [{ classification: BREAKING, rule: 'variant-removed', target, message: `discriminator${part} of ${quoted(target)} changed from ${show(before)} to ${show(after)}: a value may select another variant` }];
  }

  if (typeof keyword === 'string' && (ANNOTATION_KEYWORDS.has(keyword) || keyword.startsWith('x-'))) {
    const what = keyword === 'example' || keyword === 'examples' ? 'example' : keyword;
    return [{
      classification: DOCS, rule: what === 'example' ? 'example-changed' : 'annotation-changed', target,
      message: `${what} of ${quoted(target)} ${action === 'add' ? 'added' : action === 'remove' ? 'removed' : 'changed'}`,
    }];
  }

  if (keyword === 'deprecated') {
    return after === true
      ? [{ classification: NON_BREAKING, rule: 'annotation-changed', target, message: `${quoted(target)} is deprecated`, warning: 'deprecated: plan its removal, which will be breaking' }]
      : [{ classification: DOCS, rule: 'annotation-changed', target, message: `${quoted(target)} is no longer deprecated` }];
  }

  const verdict = fromLibrary(change.libraryType);
  const what = rest.length > 0 ? rest.join('.') : 'schema';
  const words = action === 'add' ? `added ${show(after)}` : action === 'remove' ? `removed ${show(before)}` : `changed from ${show(before)} to ${show(after)}`;
  return [{
    classification: verdict.classification,
    rule: typeof keyword === 'string' && CONSTRAINT_KEYWORDS.has(keyword) ? 'constraint-changed' : change.libraryType === 'unclassified' ? 'unclassified' : 'library-verdict',
    target,
    message: `${what} of ${quoted(target)} ${words}`,
    ...(verdict.warning ? { warning: verdict.warning } : {}),
  }];
}
