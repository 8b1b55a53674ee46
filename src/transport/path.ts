// Path parameters are user input (ids from a webhook, a database, a URL). Each one is
// percent-encoded so it stays one path segment, and the dot segments that URL parsers
// collapse even when encoded (`..`, `%2e%2e`) are refused: an id can only reach its own route.
import { InvalidRequestError } from '../errors';

const PARAM = /\{([^}]+)\}/g;

export function assertSafeId(id: unknown, name = 'id'): string {
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new InvalidRequestError(`Path parameter "${name}" must be a string, got ${id === null ? 'null' : typeof id}.`);
  }
  const value = String(id);
  if (value.length === 0) throw new InvalidRequestError(`Path parameter "${name}" is empty.`);
  if (value === '.' || value === '..') {
    throw new InvalidRequestError(`Path parameter "${name}" may not be "${value}": it would address another route.`);
  }
  return value;
}

/** openapi-fetch `pathSerializer`: `/flow-runs/{id}` + `{ id }` → `/flow-runs/<encoded id>`. */
export function serializePath(pathname: string, pathParams: Record<string, unknown>): string {
  return pathname.replace(PARAM, (_match, name: string) => encodeSegment(assertSafeId(pathParams[name], name), name));
}

function encodeSegment(value: string, name: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone UTF-16 surrogate has no UTF-8 form (URIError): no id of the API contains one.
    throw new InvalidRequestError(`Path parameter "${name}" is not valid Unicode text (it contains a lone surrogate).`);
  }
}
