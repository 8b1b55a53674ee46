// Type-level tests for recrubo.conversations: read and PATCH only (created automatically).
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Conversation = ResourceOf<'conversations'>;

export async function conversationTypes(): Promise<void> {
  const page = await recrubo.conversations.list({ filter: { status: 'open', unreadMessages: true }, sort: '-unreadMessagesCount', include: ['messageThread'] });
  expectType<Conversation[]>(page.data);
  const conversation = await recrubo.conversations.retrieve('id', { include: ['candidate', 'messageThread'] });
  expectType<'open' | 'closed'>(conversation.status);
  expectType<number>(conversation.unreadMessagesCount);
  expectType<string | undefined>(conversation.messageThread?.channel);
  await recrubo.conversations.update(conversation.id, { status: 'closed' });
  await recrubo.conversations.update(conversation.id, { unreadMessages: false });
  // @ts-expect-error not a conversation status
  await recrubo.conversations.update(conversation.id, { status: 'archived' });
  // @ts-expect-error unreadMessagesCount is read-only
  await recrubo.conversations.update(conversation.id, { unreadMessagesCount: 0 });
  // @ts-expect-error messageThreadId is read-only
  await recrubo.conversations.update(conversation.id, { messageThreadId: 'x' });
  // @ts-expect-error conversations are created automatically: no create
  void recrubo.conversations.create;
  // @ts-expect-error conversations cannot be deleted
  void recrubo.conversations.delete;
  // @ts-expect-error not an include of Conversation
  await recrubo.conversations.list({ include: ['flowRuns'] });
  for await (const item of recrubo.conversations.iterate({ filter: { candidateId: 'c' } })) expectType<Conversation>(item);
}
