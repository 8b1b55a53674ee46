// Type-level tests for recrubo.nodeActions, checked by `npm run typecheck` (never executed).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type NodeAction = ResourceOf<'nodeActions'>;

export async function nodeActionTypes(): Promise<void> {
  const node = 'owning-node-id';
  // create: tagged by subType; the node is a relationship.
  const action = await recrubo.nodeActions.create({ actionType: 'ask', subType: 'text', value: { text: 'What is your name?' }, index: 0, variableName: 'name', node });
  await recrubo.nodeActions.create({
    actionType: 'say',
    subType: 'contact',
    index: 1,
    value: { id: 'e6ecc47d-e22a-47b9-98df-ec3ecd36e2d9', name: 'David Blane', time_frame_message: 'Which day?', time_slot_message: 'Which time?', calendar_type: 'user' },
    node: { id: node },
  });
  await recrubo.nodeActions.create({ actionType: 'say', subType: 'image', index: 2, value: { url: 'https://example.com/a.png' }, node });
  // @ts-expect-error a text action's value is { text }
  await recrubo.nodeActions.create({ actionType: 'say', subType: 'text', index: 0, value: { name: 'x' }, node });
  // @ts-expect-error not a sub-type
  await recrubo.nodeActions.create({ actionType: 'say', subType: 'fax', index: 0, value: {}, node });
  // @ts-expect-error not an action type
  await recrubo.nodeActions.create({ actionType: 'shout', subType: 'text', index: 0, value: { text: 'hi' }, node });
  // @ts-expect-error the node is required
  await recrubo.nodeActions.create({ actionType: 'say', subType: 'text', index: 0, value: { text: 'hi' } });
  // @ts-expect-error attachmentData is read-only
  await recrubo.nodeActions.create({ actionType: 'say', subType: 'text', index: 0, value: { text: 'hi' }, node, attachmentData: {} });
  // @ts-expect-error createdAt is read-only
  await recrubo.nodeActions.create({ actionType: 'say', subType: 'text', index: 0, value: { text: 'hi' }, node, createdAt: '2024-01-01T00:00:00+00:00' });

  // update: any documented attribute; the node cannot move.
  await recrubo.nodeActions.update(action.id, { value: { text: 'What is your full name?' } });
  await recrubo.nodeActions.update(action.id, { index: 3, variableName: null });
  // @ts-expect-error node is only set on create
  await recrubo.nodeActions.update(action.id, { node });
  // @ts-expect-error updatedAt is read-only
  await recrubo.nodeActions.update(action.id, { updatedAt: '2024-01-01T00:00:00+00:00' });

  // results: the tagged union narrows `value` by `subType`.
  expectType<'ask' | 'say'>(action.actionType);
  expectType<number>(action.index);
  expectType<string | null>(action.variableName);
  if (action.subType === 'text') expectType<string>(action.value.text);
  if (action.subType === 'contact') expectType<string>(action.value.calendar_type);
  // @ts-expect-error `value.text` is only known once subType is narrowed to text
  expectType<string>(action.value.text);
  expectType<string | undefined>(action.node?.id);

  const page = await recrubo.nodeActions.list({ filter: { nodeId: node, subType: ['text', 'contact'] }, sort: ['index', '-createdAt'] });
  expectType<NodeAction[]>(page.data);
  // @ts-expect-error not a filterable field
  await recrubo.nodeActions.list({ filter: { value: 'x' } });
  // @ts-expect-error not a sortable field
  await recrubo.nodeActions.list({ sort: 'subType' });
  // @ts-expect-error NodeAction documents no include
  await recrubo.nodeActions.retrieve(action.id, { include: ['node'] });
  await recrubo.nodeActions.delete(action.id);
}
