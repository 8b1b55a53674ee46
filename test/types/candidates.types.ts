// Type-level tests for recrubo.candidates, checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Candidate = ResourceOf<'candidates'>;

export async function candidateTypes(): Promise<void> {
  // create: only `phone` is required; the status as an attribute or as a relationship.
  const candidate = await recrubo.candidates.create({ phone: '31612345678' });
  await recrubo.candidates.create({ phone: '31612345678', firstName: 'John', lastName: 'Doe', email: 'john@doe.com', postalCode: '1234AB', candidateStatusId: '2e23b4b4-4b4b-4b4b-4b4b-4b4b4b4b4b4b' });
  await recrubo.candidates.create({ phone: '31612345678', candidateStatus: '2e23b4b4-4b4b-4b4b-4b4b-4b4b4b4b4b4b' });
  // @ts-expect-error phone is required
  await recrubo.candidates.create({ firstName: 'John' });
  // @ts-expect-error deletedAt is read-only
  await recrubo.candidates.create({ phone: '31612345678', deletedAt: '2024-01-01T00:00:00+00:00' });
  // @ts-expect-error createdAt is read-only
  await recrubo.candidates.update(candidate.id, { createdAt: '2024-01-01T00:00:00+00:00' });
  // @ts-expect-error organization is not writable
  await recrubo.candidates.update(candidate.id, { organization: 'org-id' });
  await recrubo.candidates.update(candidate.id, { firstName: 'Johnny', candidateStatus: { id: '2e23b4b4-4b4b-4b4b-4b4b-4b4b4b4b4b4b' } });

  // results
  expectType<string>(candidate.phone);
  expectType<string | null>(candidate.email);
  expectType<string | null>(candidate.deletedAt);
  const one = await recrubo.candidates.retrieve(candidate.id, { include: ['candidateStatus'] });
  expectType<string | undefined>(one.candidateStatus?.id);
  // @ts-expect-error not an include of Candidate
  await recrubo.candidates.retrieve(candidate.id, { include: ['messages'] });

  // list
  const page = await recrubo.candidates.list({ filter: { email: { eql: 'john@doe.com' }, createdAt: { gte: new Date() } }, sort: ['-createdAt', 'lastName'] });
  expectType<Candidate[]>(page.data);
  // @ts-expect-error not a filterable field
  await recrubo.candidates.list({ filter: { colour: 'red' } });
  // @ts-expect-error not a sortable field
  await recrubo.candidates.list({ sort: 'phone' });
  await recrubo.candidates.delete(candidate.id);
  // @ts-expect-error POST takes no query flags
  await recrubo.candidates.create({ phone: '31612345678' }, { query: { sync: true } });
}
