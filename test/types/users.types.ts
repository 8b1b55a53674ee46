// Type-level tests for recrubo.users, checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type User = ResourceOf<'users'>;

export async function userTypes(): Promise<void> {
  const user = await recrubo.users.create({ firstName: 'John', lastName: 'Doe', email: 'john@doe.com', phone: '31657116372', timeZone: 'Europe/Amsterdam', externalId: '1234' });
  // @ts-expect-error fullName is read-only although the docs list it as required
  await recrubo.users.create({ firstName: 'John', lastName: 'Doe', fullName: 'John Doe', email: 'john@doe.com', phone: '1', timeZone: 'Europe/Amsterdam', externalId: '1' });
  // @ts-expect-error timeZone is required (the docs' required-fields table)
  await recrubo.users.create({ firstName: 'John', lastName: 'Doe', email: 'john@doe.com', phone: '1', externalId: '1' });

  await recrubo.users.update(user.id, { timeZone: 'Europe/Berlin', candidates: ['2e23b4b4-4b4b-4b4b-4b4b-4b4b4b4b4b4b'] });
  await recrubo.users.update(user.id, { candidates: [] });
  // @ts-expect-error candidates is to-many: a list of ids
  await recrubo.users.update(user.id, { candidates: '2e23b4b4-4b4b-4b4b-4b4b-4b4b4b4b4b4b' });
  // @ts-expect-error fullName is read-only
  await recrubo.users.update(user.id, { fullName: 'Johnny Doe' });

  expectType<string>(user.fullName);
  expectType<string | null>(user.timeZone);
  expectType<string | undefined>(user.candidates?.[0]?.id);
  const page = await recrubo.users.list({ filter: { organizationId: 'org-id' }, sort: 'lastName' });
  expectType<User[]>(page.data);
  // @ts-expect-error not a filterable field
  await recrubo.users.list({ filter: { timeZone: 'Europe/Amsterdam' } });
  await recrubo.users.retrieve(user.id);
  await recrubo.users.delete(user.id);
}
