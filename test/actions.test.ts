// The table's engine extension: namespaced rows (`recrubo.management.organizations`), row
// actions (`refreshToken`, `embed.authenticate`) and the key each route is sent with.
import nock from 'nock';
import { ConfigurationError, InvalidRequestError, NotFoundError, Recrubo } from '../src';
import { RESOURCES, accessorOf, type ResourceName } from '../src/resources/table';

const ORIGIN = 'https://api.recrubo.app';
const API_KEY = 'rk_test_org_key';
const PARTNER_KEY = 'pk_test_partner_key';
const JSON_API = { 'Content-Type': 'application/vnd.api+json' };
const ORGANIZATION = {
  data: {
    id: '303f151b-3f33-4ddd-9779-eb522f7225a9',
    type: 'organizations',
    attributes: { createdAt: '2024-08-20T10:45:07+00:00', updatedAt: '2024-08-20T10:45:07+00:00', name: 'Test Org', webhookUrl: null, webhookSecret: null, token: 'new-token' },
    relationships: { users: { links: { related: '/public/v2/users?filter[organizationId]=303f151b-3f33-4ddd-9779-eb522f7225a9' } } },
  },
  meta: {},
};

afterEach(() => nock.cleanAll());

describe('namespaced rows', () => {
  it('puts every row at its accessor', () => {
    const recrubo = new Recrubo({ apiKey: API_KEY });
    for (const name of Object.keys(RESOURCES) as ResourceName[]) {
      const client = accessorOf(name).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], recrubo);
      expect({ name, exposed: typeof client }).toEqual({ name, exposed: 'object' });
    }
    expect(Object.keys(recrubo)).not.toContain('managementOrganizations');
    expect(Object.keys(recrubo.management)).toEqual(['organizations']);
    expect(Object.isFrozen(recrubo.management)).toBe(true);
    expect(Object.keys(recrubo.management.organizations).sort()).toEqual(['create', 'delete', 'iterate', 'list', 'refreshToken', 'retrieve', 'update']);
    expect(Object.keys(recrubo.organizations).sort()).toEqual(['iterate', 'list', 'retrieve', 'update']);
  });

  it('gives no two rows the same accessor', () => {
    const accessors = (Object.keys(RESOURCES) as ResourceName[]).map((name) => accessorOf(name).join('.'));
    expect(new Set(accessors).size).toBe(accessors.length);
    const namespaces = new Set((Object.keys(RESOURCES) as ResourceName[]).map((name) => accessorOf(name)).filter((a) => a.length === 2).map((a) => a[0]));
    for (const namespace of namespaces) expect(Object.keys(RESOURCES)).not.toContain(namespace);
  });
});

describe('actions', () => {
  it('refreshToken posts to the encoded organization id with the partner key and returns the flattened organization', async () => {
    const recrubo = new Recrubo({ apiKey: API_KEY, partnerKey: PARTNER_KEY });
    const scope = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${PARTNER_KEY}` }, badheaders: ['content-type'] })
      .post('/public/v2/management/refresh-token/org%2F1')
      .reply(200, ORGANIZATION, JSON_API);
    const organization = await recrubo.management.organizations.refreshToken('org/1');
    expect(scope.isDone()).toBe(true);
    expect(organization).toMatchObject({ id: ORGANIZATION.data.id, type: 'organizations', token: 'new-token', name: 'Test Org' });
  });

  it('refuses an id that would leave its route', async () => {
    const recrubo = new Recrubo({ partnerKey: PARTNER_KEY });
    await expect(recrubo.management.organizations.refreshToken('..')).rejects.toThrow(InvalidRequestError);
  });

  it('turns an error status into its typed error', async () => {
    const recrubo = new Recrubo({ partnerKey: PARTNER_KEY, maxRetries: 0 });
    nock(ORIGIN).post('/public/v2/management/refresh-token/missing').reply(404, { errors: [{ status: '404', title: 'Not Found' }] }, JSON_API);
    await expect(recrubo.management.organizations.refreshToken('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('embed.authenticate sends the plain JSON body with the organization key and returns the body as it is', async () => {
    const recrubo = new Recrubo({ apiKey: API_KEY, partnerKey: PARTNER_KEY });
    let sent: unknown;
    const scope = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/vnd.api+json' } })
      .post('/public/v2/embed/authenticate', (body: unknown) => {
        sent = body;
        return true;
      })
      .reply(200, { token: 'XX-XX-XX-XX-XX' }, JSON_API);
    const result = await recrubo.embed.authenticate({ userId: 'u1', originUrl: 'https://recrubo.app' });
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ userId: 'u1', originUrl: 'https://recrubo.app' });
    expect(result).toEqual({ token: 'XX-XX-XX-XX-XX' });
  });

  it('refuses an action body that is not an object before sending anything', async () => {
    const recrubo = new Recrubo({ apiKey: API_KEY });
    await expect((recrubo.embed.authenticate as (body: unknown) => Promise<unknown>)('u1')).rejects.toThrow(InvalidRequestError);
  });
});

describe('keys', () => {
  it('a client with only an organization key cannot call management routes, and the reverse', async () => {
    await expect(new Recrubo({ apiKey: API_KEY }).management.organizations.list()).rejects.toThrow(ConfigurationError);
    await expect(new Recrubo({ partnerKey: PARTNER_KEY }).organizations.list()).rejects.toThrow(ConfigurationError);
  });

  it('management list and organization list use their own key on their own path', async () => {
    const recrubo = new Recrubo({ apiKey: API_KEY, partnerKey: PARTNER_KEY });
    const list = { data: [ORGANIZATION.data], meta: { total: 1, totalUnfiltered: 1, currentSize: 25, currentPage: 1, maxPage: 1 } };
    const partner = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${PARTNER_KEY}` } }).get('/public/v2/management/organizations').reply(200, list, JSON_API);
    const own = nock(ORIGIN, { reqheaders: { authorization: `Bearer ${API_KEY}` } }).get('/public/v2/organizations').reply(200, list, JSON_API);
    expect((await recrubo.management.organizations.list()).data).toHaveLength(1);
    expect((await recrubo.organizations.list()).data).toHaveLength(1);
    expect(partner.isDone() && own.isDone()).toBe(true);
  });
});
