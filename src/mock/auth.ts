// Keys. Every route needs `Authorization: Bearer <key>` (401 without one). Which key, the
// spec's `security` says: `partnerKey` for `/management/…`, `organizationKey` elsewhere.
//
// Open mode (neither `apiKey` nor `partnerKey` given, the default of `npm run mock`): any
// non-empty key is accepted on every route, as the key of the caller's organization (or of
// the organization whose `token` it is).
//
// Strict mode (`apiKey` and/or `partnerKey` given): organization routes accept the token of an
// organization in the store (the seeded organization's token is `apiKey`; organizations that
// a partner creates get their own, and a refresh replaces it), management routes accept only
// `partnerKey`. A kind of key that was not configured is refused everywhere.
import { errorObject, MockHttpError } from './errors';
import type { MockStore } from './store';

export interface KeyOptions {
  apiKey?: string;
  partnerKey?: string;
}

export type Caller = { kind: 'partner' } | { kind: 'organization'; organizationId: string | undefined };

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

function unauthorized(detail: string): MockHttpError {
  return new MockHttpError(401, [errorObject(401, detail, { header: 'Authorization' })], { 'WWW-Authenticate': 'Bearer realm="recrubo-mock"' });
}

export function authenticate(
  header: string | undefined,
  scheme: string | undefined,
  keys: KeyOptions,
  store: MockStore,
  defaultOrganizationId: string | undefined,
): Caller {
  if (scheme === undefined) return { kind: 'organization', organizationId: defaultOrganizationId };
  const match = header === undefined ? null : BEARER.exec(header);
  if (!match) {
    throw unauthorized(header === undefined ? 'No API key: send `Authorization: Bearer <key>`.' : 'The Authorization header must be `Bearer <key>`.');
  }
  const key = match[1] as string;
  const open = keys.apiKey === undefined && keys.partnerKey === undefined;
  const owner = store.all('organizations').find((organization) => organization.attributes.token === key);
  if (scheme === 'partnerKey') {
    if (open || key === keys.partnerKey) return { kind: 'partner' };
    throw unauthorized(
      owner ? 'This is a management route: it needs the partner key, not an organization key.' : 'The partner key is wrong (or the mock was started without one).',
    );
  }
  if (owner) return { kind: 'organization', organizationId: owner.id };
  if (open) return { kind: 'organization', organizationId: defaultOrganizationId };
  throw unauthorized(key === keys.partnerKey ? 'This route needs an organization key, not the partner key.' : 'The API key is wrong or was revoked.');
}
