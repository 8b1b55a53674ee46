// Type-level tests for recrubo.nodes: the flow is a relationship on create, flowId is read-only.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Node = ResourceOf<'nodes'>;

export async function nodeTypes(): Promise<void> {
  const node = await recrubo.nodes.create({ name: 'My first Node', index: 0, isStartFlow: true, flow: 'your-flow-id' });
  // @ts-expect-error the flow relationship is required on create (ERRATA E-35)
  await recrubo.nodes.create({ name: 'orphan' });
  // @ts-expect-error flowId is read-only: use the flow relationship (ERRATA E-35)
  await recrubo.nodes.create({ name: 'n', flowId: 'f', flow: 'f' });
  // @ts-expect-error not an end-flow type
  await recrubo.nodes.update(node.id, { isEndFlow: true, endFlowType: 'rejected' });
  await recrubo.nodes.update(node.id, { isStartFlow: false, isEndFlow: true, endFlowType: 'accepted' });
  // @ts-expect-error a node cannot move to another flow
  await recrubo.nodes.update(node.id, { flow: 'other-flow' });

  expectType<'accepted' | 'declined' | 'update' | 'reset' | null>(node.endFlowType);
  expectType<number | null>(node.index);
  expectType<string | undefined>(node.flowId);
  const page = await recrubo.nodes.list({ filter: { flowId: 'f', endFlowType: 'declined' }, include: ['nodeActions'], sort: 'index' });
  expectType<Node[]>(page.data);
  expectType<string | undefined>(page.data[0]?.nodeActions?.[0]?.id);
  const one = await recrubo.nodes.retrieve(node.id, { include: ['flow'] });
  expectType<string | undefined>(one.flow?.name);
  // @ts-expect-error not an include of Node
  await recrubo.nodes.retrieve(node.id, { include: ['messages'] });
  await recrubo.nodes.delete(node.id);
}
