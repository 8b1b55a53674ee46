// Type-level tests for recrubo.flowGenerations: no PATCH; `?sync=true` (sandbox) on create.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type FlowGeneration = ResourceOf<'flowGenerations'>;

export async function flowGenerationTypes(): Promise<void> {
  const parameters = {
    knockoutRequirements: [{ value: 'Has 1 year of javascript experience.', sessionField: 'java_skill' }],
    preferredRequirements: [],
    requiredFields: [{ value: 'name', sessionField: 'name' }, { value: 'email' }],
  };
  const generation = await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters, context: { vacancy: '…' } });
  const finished = await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters }, { query: { sync: true } });
  expectType<string | null>(finished.flowId);
  // @ts-expect-error sync is a boolean
  await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters }, { query: { sync: 'yes' } });
  // @ts-expect-error not a documented query flag
  await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters }, { query: { dryRun: true } });
  // @ts-expect-error not a documented flow type
  await recrubo.flowGenerations.create({ flowType: 'interview_flow', parameters });
  // @ts-expect-error knockoutRequirements is required
  await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters: { preferredRequirements: [] } });
  // @ts-expect-error status is read-only
  await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters, status: 'finished' });
  // @ts-expect-error cost is read-only
  await recrubo.flowGenerations.create({ flowType: 'vacancy_application_flow', parameters, cost: 0 });
  // @ts-expect-error flow generations cannot be updated
  void recrubo.flowGenerations.update;

  expectType<'queued' | 'processing' | 'finished'>(generation.status);
  expectType<number>(generation.cost);
  const page = await recrubo.flowGenerations.list({ filter: { status: 'finished', flowId: 'f' }, sort: '-createdAt' });
  expectType<FlowGeneration[]>(page.data);
  await recrubo.flowGenerations.retrieve(generation.id);
  await recrubo.flowGenerations.delete(generation.id);
}
