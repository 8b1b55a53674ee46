// Type-level tests, checked by `npm run typecheck` (never executed). Each @ts-expect-error
// fails the typecheck if the line below it stops being an error.
import { Recrubo, type FlowRun } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
declare function assertTrue<T extends true>(): void;

export async function flowRunTypes(): Promise<void> {
  const flowId = 'eb4c92e9-2548-4e4c-95d5-adfb94270c3f';
  const messageThreadId = '7135853f-26ac-4a65-9044-cab092806249';

  // create: the POST-writable attributes, all four required by the docs.
  const run = await recrubo.flowRuns.create({ flowId, messageThreadId, state: {}, initialMessage: {} });
  await recrubo.flowRuns.create({
    flowId,
    messageThreadId,
    state: { firstName: 'John' },
    initialMessage: { type: 'template', template: { id: 't', components: [{ type: 'body', parameters: [{ type: 'text', text: 'John' }] }] } },
  });
  // @ts-expect-error cost is read-only
  await recrubo.flowRuns.create({ flowId, messageThreadId, state: {}, initialMessage: {}, cost: 3 });
  // @ts-expect-error status is not POST-writable
  await recrubo.flowRuns.create({ flowId, messageThreadId, state: {}, initialMessage: {}, status: 'running' });
  // @ts-expect-error createdAt is read-only
  await recrubo.flowRuns.create({ flowId, messageThreadId, state: {}, initialMessage: {}, createdAt: '2024-01-01' });
  // @ts-expect-error flowId is required
  await recrubo.flowRuns.create({ messageThreadId, state: {}, initialMessage: {} });
  // @ts-expect-error an initial message must be {} or a known payload
  await recrubo.flowRuns.create({ flowId, messageThreadId, state: {}, initialMessage: { type: 'fax' } });

  // update: only state and the PATCH-able statuses.
  await recrubo.flowRuns.update(run.id, { status: 'cancelled' });
  await recrubo.flowRuns.update(run.id, { state: {} });
  // @ts-expect-error running cannot be set by PATCH
  await recrubo.flowRuns.update(run.id, { status: 'running' });
  // @ts-expect-error flowId is not PATCH-writable
  await recrubo.flowRuns.update(run.id, { flowId });

  // results: attributes flattened, relationships resolved or identifiers.
  expectType<string>(run.id);
  expectType<'flowRuns'>(run.type);
  expectType<number>(run.cost);
  assertTrue<Equal<FlowRun['status'], 'queued' | 'running' | 'finished' | 'timeout' | 'exception' | 'cancelled'>>();
  const one = await recrubo.flowRuns.retrieve(run.id, { include: ['flow', 'messageThread'] });
  expectType<string | undefined>(one.flow?.name);
  expectType<string | undefined>(one.messageThread?.channel);
  expectType<string | undefined>(one.flow?.id);
  // @ts-expect-error FlowRun has no such attribute
  void one.costs;

  // list: filter fields, sort keys and includes come from the spec.
  const page = await recrubo.flowRuns.list({ filter: { status: ['finished', 'timeout'], createdAt: { gt: new Date() } }, sort: ['-createdAt', 'cost'], page: { size: 50 }, include: ['flow'] });
  expectType<number>(page.meta.maxPage);
  expectType<FlowRun[]>(page.data);
  // @ts-expect-error not a filterable field
  await recrubo.flowRuns.list({ filter: { colour: 'red' } });
  // @ts-expect-error not an operator
  await recrubo.flowRuns.list({ filter: { status: { like: 'fin' } } });
  // @ts-expect-error not a sortable field
  await recrubo.flowRuns.list({ sort: '-colour' });
  // @ts-expect-error not an include of FlowRun
  await recrubo.flowRuns.list({ include: ['candidate'] });
  for await (const item of recrubo.flowRuns.iterate({ filter: { messageThreadId }, maxPages: 3 })) expectType<FlowRun>(item);

  await recrubo.flowRuns.delete(run.id);
  // @ts-expect-error a resource the SDK does not have
  void recrubo.flowRun;
}
