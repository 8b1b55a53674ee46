// What never reaches a recording. Recordings of live responses are kept as CI artifacts and may
// be shared in issues, so candidate and user personal data, message text and secrets are
// replaced before anything is written. Keys, nesting and JSON types stay, so a recording still
// shows the shape the server sent (and still validates wherever the original did).
//
// The rules, in one place:
//  1. The attributes below, per JSON:API type, have their values replaced, recursively: every
//     string, number and boolean inside them (except a `type` member, which names the variant of
//     a message payload and carries no personal data).
//  2. Any attribute the spec does not document for its type is replaced the same way: it is new,
//     so nobody has decided yet whether it is personal.
//  3. The API key never appears: any occurrence of it in the recording is replaced, wherever.
import { isObject, type Json } from '../spec-diff/refs';

/** Attributes whose values are personal data or secrets, per JSON:API resource type. */
export const REDACTED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  // The candidate: who they are and how to reach them.
  candidates: ['firstName', 'lastName', 'email', 'phone', 'postalCode'],
  // Recruiters using the platform.
  users: ['firstName', 'lastName', 'fullName', 'email', 'phone'],
  // The candidate's WhatsApp number / channel address.
  messageThreads: ['identifier'],
  // What candidates and recruiters wrote, and delivery errors that may quote it.
  messages: ['payload', 'errorMessages'],
  // Answers the flow collected from the candidate; the first message's template parameters (names…).
  flowRuns: ['state', 'initialMessage'],
  // Secrets and endpoints of the customer's own systems.
  organizations: ['token', 'webhookSecret', 'webhookUrl'],
  webhooks: ['webhookUrl'],
};

export const REDACTED_STRING = '[redacted]';
export const REDACTED_EMAIL = 'redacted@example.invalid';
export const REDACTED_PHONE = '+00000000000';
export const REDACTED_KEY = '[redacted-api-key]';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,}$/;

/** The same shape with every leaf value replaced (an email stays an email, a number a number). */
export function scrub(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  if (key === 'type' && typeof value === 'string') return value;
  if (typeof value === 'string') return EMAIL.test(value) ? REDACTED_EMAIL : PHONE.test(value) ? REDACTED_PHONE : REDACTED_STRING;
  if (typeof value === 'number') return 0;
  if (typeof value === 'boolean') return false;
  return value; // null stays null
}

/** Attribute names the spec documents for each JSON:API type (through refs, allOf and unions). */
export function documentedAttributes(spec: Json): Map<string, Set<string>> {
  const schemas = isObject(spec.components) && isObject(spec.components.schemas) ? spec.components.schemas : {};
  const deref = (node: unknown, depth = 0): unknown => {
    if (depth < 20 && isObject(node) && typeof node.$ref === 'string') return deref(schemas[node.$ref.split('/').pop() ?? ''], depth + 1);
    return node;
  };
  const names = (node: unknown, into: Set<string>, depth = 0): Set<string> => {
    const n = deref(node);
    if (!isObject(n) || depth > 20) return into;
    if (isObject(n.properties)) for (const key of Object.keys(n.properties)) into.add(key);
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const list = n[keyword];
      if (Array.isArray(list)) for (const member of list) names(member, into, depth + 1);
    }
    return into;
  };
  const typeConst = (n: Json): string | undefined => {
    const props = isObject(n.properties) ? n.properties : {};
    const type = deref(props.type);
    return isObject(type) && typeof type.const === 'string' ? type.const : undefined;
  };
  const result = new Map<string, Set<string>>();
  for (const schema of Object.values(schemas)) {
    if (!isObject(schema) || !isObject(schema.properties) || !('attributes' in schema.properties)) continue;
    const type = typeConst(schema);
    if (!type) continue;
    const set = result.get(type) ?? new Set<string>();
    names(schema.properties.attributes, set);
    result.set(type, set);
  }
  return result;
}

function redactResource(resource: unknown, documented: Map<string, Set<string>>): unknown {
  if (!isObject(resource) || typeof resource.type !== 'string' || !isObject(resource.attributes)) return resource;
  const listed = new Set(REDACTED_ATTRIBUTES[resource.type] ?? []);
  const known = documented.get(resource.type) ?? new Set<string>();
  const attributes = Object.fromEntries(
    Object.entries(resource.attributes).map(([name, value]) => [name, listed.has(name) || !known.has(name) ? scrub(value) : value]),
  );
  return { ...resource, attributes };
}

/** A JSON:API document with personal data and secrets replaced in `data` and `included`. */
export function redactDocument(document: unknown, spec: Json, documented = documentedAttributes(spec)): unknown {
  if (!isObject(document)) return document;
  const copy: Json = { ...document };
  if (Array.isArray(copy.data)) copy.data = copy.data.map((r) => redactResource(r, documented));
  else if (copy.data !== undefined) copy.data = redactResource(copy.data, documented);
  if (Array.isArray(copy.included)) copy.included = copy.included.map((r) => redactResource(r, documented));
  return copy;
}

/** Replaces every occurrence of the key in already-serialized text (belt and braces: an error body could echo it). */
export function withoutKey(text: string, keys: readonly (string | undefined)[]): string {
  let out = text;
  for (const key of keys) {
    if (!key || key.length < 4) continue;
    // As written, and as JSON escapes it inside a string.
    for (const form of new Set([key, JSON.stringify(key).slice(1, -1)])) out = out.split(form).join(REDACTED_KEY);
  }
  return out;
}
