// Type-level tests for recrubo.organizations (organization key) and recrubo.management.organizations
// (partner key), checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Organization = ResourceOf<'organizations'>;

export async function organizationTypes(): Promise<void> {
  // Organization key: list (only itself), retrieve, update.
  const [own] = (await recrubo.organizations.list()).data;
  if (own === undefined) return;
  await recrubo.organizations.update(own.id, { webhookUrl: 'https://example.com/webhooks', webhookSecret: 'mysecret' });
  await recrubo.organizations.update(own.id, { name: 'Renamed' });
  // @ts-expect-error token changes only through refreshToken
  await recrubo.organizations.update(own.id, { token: 'abc' });
  // @ts-expect-error createdAt is read-only
  await recrubo.organizations.update(own.id, { createdAt: '2024-01-01T00:00:00+00:00' });
  // @ts-expect-error the organization key cannot create organizations
  void recrubo.organizations.create;
  // @ts-expect-error nor delete them
  void recrubo.organizations.delete;
  expectType<string | null>(own.webhookUrl);
  expectType<string | undefined>(own.users?.[0]?.id);

  // Partner key: the management routes, under recrubo.management.
  const created = await recrubo.management.organizations.create({ name: 'Test Org' });
  expectType<string | null | undefined>(created.token);
  expectType<Organization>(created);
  // @ts-expect-error name is required
  await recrubo.management.organizations.create({ webhookUrl: null });
  // @ts-expect-error the server issues the token
  await recrubo.management.organizations.create({ name: 'Test Org', token: 'abc' });
  const page = await recrubo.management.organizations.list({ filter: { name: { prefix: 'Test' } }, sort: '-createdAt', page: { size: 50 } });
  expectType<Organization[]>(page.data);
  for await (const organization of recrubo.management.organizations.iterate()) expectType<Organization>(organization);
  await recrubo.management.organizations.retrieve(created.id);
  await recrubo.management.organizations.update(created.id, { name: 'Renamed' });
  await recrubo.management.organizations.delete(created.id);

  // The refresh-token action: the organization id, then call options; returns the organization with its new token.
  const refreshed = await recrubo.management.organizations.refreshToken(created.id, { timeoutMs: 5_000 });
  expectType<Organization>(refreshed);
  expectType<string | null | undefined>(refreshed.token);
  // @ts-expect-error the organization id is required
  await recrubo.management.organizations.refreshToken();
  // @ts-expect-error the call has no body
  await recrubo.management.organizations.refreshToken(created.id, { name: 'x' });
  // @ts-expect-error refreshToken is a management action only
  void recrubo.organizations.refreshToken;
  // @ts-expect-error management resources live under recrubo.management
  void recrubo.managementOrganizations;
  // @ts-expect-error no other management resource is documented
  void recrubo.management.users;
}
