// Type-level tests for recrubo.nodeTransitions, checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type NodeTransition = ResourceOf<'nodeTransitions'>;

export async function nodeTransitionTypes(): Promise<void> {
  // create: both ends are required relationships; `condition` may be null or left out.
  const transition = await recrubo.nodeTransitions.create({ condition: null, index: 0, node: 'parent-node-id', exitNode: 'exit-node-id' });
  await recrubo.nodeTransitions.create({ index: 1, node: { id: 'parent-node-id' }, exitNode: { id: 'exit-node-id' } });
  // @ts-expect-error exitNode is required
  await recrubo.nodeTransitions.create({ index: 0, node: 'parent-node-id' });
  // @ts-expect-error index is an integer
  await recrubo.nodeTransitions.create({ index: 'first', node: 'a', exitNode: 'b' });
  // @ts-expect-error createdAt is read-only
  await recrubo.nodeTransitions.create({ index: 0, node: 'a', exitNode: 'b', createdAt: '2024-01-01T00:00:00+00:00' });

  // update: attributes and/or a new exitNode (the documented reroute).
  await recrubo.nodeTransitions.update(transition.id, { exitNode: 'new-exit-node-id' });
  await recrubo.nodeTransitions.update(transition.id, { condition: 'session.age > 18', index: 2 });
  // @ts-expect-error the start node cannot move
  await recrubo.nodeTransitions.update(transition.id, { node: 'other-node-id' });

  expectType<string | null>(transition.condition);
  expectType<number>(transition.index);
  expectType<string | undefined>(transition.exitNode?.id);
  const page = await recrubo.nodeTransitions.list({ filter: { nodeId: 'n' }, sort: 'index' });
  expectType<NodeTransition[]>(page.data);
  // @ts-expect-error not a filterable field
  await recrubo.nodeTransitions.list({ filter: { condition: 'x' } });
  await recrubo.nodeTransitions.delete(transition.id);
}
