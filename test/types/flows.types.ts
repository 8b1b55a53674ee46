// Type-level tests for recrubo.flows.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Flow = ResourceOf<'flows'>;

export async function flowTypes(): Promise<void> {
  const flow = await recrubo.flows.create({ name: 'Job Application Flow', reminderInterval: 15, reminderMessage: "Don't forget to finish the chat, just a few questions left!", sessionTimeout: 1440 });
  // @ts-expect-error sessionTimeout is required on create
  await recrubo.flows.create({ name: 'n', reminderInterval: 0, reminderMessage: '' });
  // @ts-expect-error publishedAt is read-only
  await recrubo.flows.create({ name: 'n', reminderInterval: 0, reminderMessage: '', sessionTimeout: 60, publishedAt: null });
  await recrubo.flows.update(flow.id, { name: 'Renamed' });
  // @ts-expect-error flowGenerationId is read-only
  await recrubo.flows.update(flow.id, { flowGenerationId: 'g' });
  // @ts-expect-error unpublishedChanges is read-only
  await recrubo.flows.update(flow.id, { unpublishedChanges: false });
  // @ts-expect-error reminderInterval is a number of minutes
  await recrubo.flows.update(flow.id, { reminderInterval: '15' });

  expectType<string | null>(flow.publishedAt);
  expectType<boolean>(flow.unpublishedChanges);
  const one = await recrubo.flows.retrieve(flow.id, { include: ['nodes', 'flowGeneration'] });
  expectType<string | null | undefined>(one.nodes?.[0]?.name);
  expectType<string | undefined>(one.flowGeneration?.status);
  const page = await recrubo.flows.list({ filter: { unpublishedChanges: true }, sort: ['name', '-updatedAt'] });
  expectType<Flow[]>(page.data);
  // @ts-expect-error not an include of Flow
  await recrubo.flows.list({ include: ['flowRuns'] });
  await recrubo.flows.delete(flow.id);
}
