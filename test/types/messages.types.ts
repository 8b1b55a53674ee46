// Type-level tests for recrubo.messages: payloads are a tagged union.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type Message = ResourceOf<'messages'>;

export async function messageTypes(): Promise<void> {
  const messageThread = 'f45e395c-3a82-4360-9361-ec78769fdda0';
  const message = await recrubo.messages.create({ sendBy: 'John', payload: { type: 'text', text: { value: 'Hi, how are you!' } }, messageThread });
  await recrubo.messages.create({ sendBy: 'Recrubo', messageThreadId: messageThread, payload: { type: 'template', template: { id: 't', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Recrubo' }] }] } } });
  await recrubo.messages.create({ sendBy: 'Recrubo', messageThread, payload: { type: 'image', image: { url: 'https://example.org/a.png' } } });
  // @ts-expect-error a text payload carries `text`, not `attributes` (ERRATA E-26)
  await recrubo.messages.create({ sendBy: 'John', messageThread, payload: { type: 'text', attributes: { value: 'Hey!' } } });
  // @ts-expect-error not a payload type
  await recrubo.messages.create({ sendBy: 'John', messageThread, payload: { type: 'fax', fax: {} } });
  // @ts-expect-error deliveryStatus is read-only (ERRATA E-28)
  await recrubo.messages.create({ sendBy: 'John', messageThread, payload: { type: 'text', text: { value: 'x' } }, deliveryStatus: 'sent' });
  // @ts-expect-error origin is read-only (ERRATA E-28)
  await recrubo.messages.update(message.id, { origin: 'inbound' });
  // @ts-expect-error the thread of a message cannot change
  await recrubo.messages.update(message.id, { messageThreadId: messageThread });
  await recrubo.messages.update(message.id, { payload: { type: 'text', text: { value: 'edited' } } });

  if (message.payload.type === 'text') expectType<string>(message.payload.text.value);
  expectType<string | null>(message.deliveryStatus);
  const one = await recrubo.messages.retrieve(message.id, { include: ['messageThread'] });
  expectType<string | undefined>(one.messageThread?.identifier);
  const page = await recrubo.messages.list({ filter: { deliveryStatus: ['sent', 'accepted'], createdAt: { gt: '2022-02-05' } }, sort: '-createdAt' });
  expectType<Message[]>(page.data);
  // @ts-expect-error filters are camelCase (ERRATA E-24)
  await recrubo.messages.list({ filter: { delivery_status: 'sent' } });
  await recrubo.messages.delete(message.id);
}
