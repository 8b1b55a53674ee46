// One header out of whatever the host gives: a Fetch `Headers` (case-insensitive already) or
// a Node-style object (`req.headers`, lower-case names from Node, any case from a hand-built
// object or another framework; repeated headers as arrays).
import type { WebhookHeaders } from './types';

export type HeaderLookup = { kind: 'missing' } | { kind: 'repeated' } | { kind: 'value'; value: string };

/** `name` must be lower case. */
export function readHeader(headers: WebhookHeaders | null | undefined, name: string): HeaderLookup {
  if (headers === null || headers === undefined || typeof headers !== 'object') return { kind: 'missing' };
  if (isFetchHeaders(headers)) {
    // Fetch joins repeated values with ", "; such a value simply does not match.
    const value = headers.get(name);
    return value === null ? { kind: 'missing' } : { kind: 'value', value };
  }
  const found: (string | readonly string[] | number)[] = [];
  for (const key of Object.keys(headers)) {
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (value !== undefined) found.push(value);
  }
  const values = found.flatMap((value) => (Array.isArray(value) ? (value as readonly string[]) : [String(value)]));
  if (values.length === 0) return { kind: 'missing' };
  if (values.length > 1) return { kind: 'repeated' };
  return { kind: 'value', value: values[0] as string };
}

function isFetchHeaders(headers: WebhookHeaders): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function';
}
