// Type-level tests for recrubo.vacancies (path `/vacancy`), checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Vacancy = ResourceOf<'vacancies'>;

export async function vacancyTypes(): Promise<void> {
  const vacancy = await recrubo.vacancies.create({ title: 'Developer at Recrubo', description: 'A vacancy description.', url: 'www.example.com/vacancies/developer', externalId: '1234' });
  // @ts-expect-error description is required
  await recrubo.vacancies.create({ title: 'Developer' });
  // @ts-expect-error deletedAt is read-only
  await recrubo.vacancies.create({ title: 'Developer', description: 'd', deletedAt: '2024-01-01T00:00:00+00:00' });
  // @ts-expect-error locations are set by PATCH only
  await recrubo.vacancies.create({ title: 'Developer', description: 'd', locations: ['l1'] });

  await recrubo.vacancies.update(vacancy.id, { title: 'Senior developer' });
  await recrubo.vacancies.update(vacancy.id, { locations: ['l1', { id: 'l2' }] });
  // @ts-expect-error locations is to-many: a list of ids
  await recrubo.vacancies.update(vacancy.id, { locations: 'l1' });
  // @ts-expect-error createdAt is read-only
  await recrubo.vacancies.update(vacancy.id, { createdAt: '2024-01-01T00:00:00+00:00' });

  expectType<string>(vacancy.title);
  expectType<string | null>(vacancy.url);
  expectType<string | null>(vacancy.deletedAt);
  const one = await recrubo.vacancies.retrieve(vacancy.id, { include: ['locations'] });
  expectType<string | undefined>(one.locations?.[0]?.id);
  // @ts-expect-error not an include of Vacancy
  await recrubo.vacancies.retrieve(vacancy.id, { include: ['candidates'] });
  const page = await recrubo.vacancies.list({ filter: { externalId: '1234' }, sort: '-createdAt' });
  expectType<Vacancy[]>(page.data);
  // @ts-expect-error list documents no include
  await recrubo.vacancies.list({ include: ['locations'] });
  await recrubo.vacancies.delete(vacancy.id);
  // @ts-expect-error the SDK property is named by type, not by the singular path
  void recrubo.vacancy;
}
