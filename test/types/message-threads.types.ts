// Type-level tests for recrubo.messageThreads.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type MessageThread = ResourceOf<'messageThreads'>;

export async function messageThreadTypes(): Promise<void> {
  const thread = await recrubo.messageThreads.create({ channel: 'whatsapp', identifier: '31612345678' });
  await recrubo.messageThreads.create({ channel: 'whatsapp', identifier: '31612345678', chatbotPaused: true, candidate: 'c' });
  // @ts-expect-error identifier is required
  await recrubo.messageThreads.create({ channel: 'whatsapp' });
  // @ts-expect-error createdAt is read-only
  await recrubo.messageThreads.create({ channel: 'whatsapp', identifier: '1', createdAt: '2024-01-01T00:00:00+00:00' });
  await recrubo.messageThreads.update(thread.id, { channel: 'sms', chatbotPaused: false });
  await recrubo.messageThreads.update(thread.id, { candidate: { id: 'c' } });
  await recrubo.messageThreads.update(thread.id, { candidateId: 'c' });
  // @ts-expect-error messages are not written through the thread
  await recrubo.messageThreads.update(thread.id, { messages: 'm' });

  expectType<string>(thread.channel);
  expectType<string | null>(thread.candidateId);
  const one = await recrubo.messageThreads.retrieve(thread.id, { include: ['messages', 'candidate', 'conversation', 'flowRuns'] });
  expectType<string | null | undefined>(one.messages?.[0]?.sendBy);
  expectType<string | undefined>(one.candidate?.phone);
  expectType<'open' | 'closed' | undefined>(one.conversation?.status);
  const page = await recrubo.messageThreads.list({ filter: { channel: 'whatsapp', identifier: { prefix: '316' } } });
  expectType<MessageThread[]>(page.data);
  // @ts-expect-error not an include of MessageThread
  await recrubo.messageThreads.list({ include: ['flow'] });
  await recrubo.messageThreads.delete(thread.id);
}
