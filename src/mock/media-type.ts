// The JSON:API media type rules (jsonapi.org/format/1.0, "Content Negotiation"):
//   - a request with a body must say `Content-Type: application/vnd.api+json`, without media
//     type parameters (415 otherwise, also for `application/json`);
//   - `Accept` may be absent, a wildcard, or list `application/vnd.api+json`; an Accept that
//     rules JSON:API out (only `application/json`, or only parameterised JSON:API) gets 406.
import { errorObject, MockHttpError } from './errors';
import { MEDIA_TYPE } from './spec-model';

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseMediaRange(text: string): MediaRange {
  const [type = '', ...params] = text.split(';').map((part) => part.trim());
  const map = new Map<string, string>();
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq > 0) map.set(param.slice(0, eq).trim().toLowerCase(), param.slice(eq + 1).trim());
  }
  return { type: type.toLowerCase(), params: map };
}

export function checkAccept(header: string | undefined): void {
  if (header === undefined || header.trim() === '') return;
  const ranges = header.split(',').map(parseMediaRange);
  const acceptable = ranges.some((range) => {
    const params = [...range.params.keys()].filter((name) => name !== 'q');
    if (range.params.get('q') === '0') return false;
    if (range.type === '*/*' || range.type === 'application/*') return true;
    return range.type === MEDIA_TYPE && params.length === 0;
  });
  if (!acceptable) {
    throw new MockHttpError(406, [errorObject(406, `The API answers in ${MEDIA_TYPE}; send \`Accept: ${MEDIA_TYPE}\` (or leave Accept out).`, { header: 'Accept' })]);
  }
}

export function checkContentType(header: string | undefined): void {
  const range = header === undefined ? undefined : parseMediaRange(header);
  if (range?.type === MEDIA_TYPE && range.params.size === 0) return;
  const detail =
    range === undefined
      ? `A request body needs \`Content-Type: ${MEDIA_TYPE}\`.`
      : range.type === MEDIA_TYPE
        ? `\`Content-Type: ${MEDIA_TYPE}\` may not carry media type parameters.`
        : `Request bodies are ${MEDIA_TYPE}, not ${range.type || 'an empty media type'}.`;
  throw new MockHttpError(415, [errorObject(415, detail, { header: 'Content-Type' })]);
}
