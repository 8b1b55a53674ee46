// Type-level tests for recrubo.messageTemplates: no PATCH.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type MessageTemplate = ResourceOf<'messageTemplates'>;

export async function messageTemplateTypes(): Promise<void> {
  const template = await recrubo.messageTemplates.create({
    name: 'start_application',
    components: [
      { text: 'Recrubo application!', type: 'HEADER', format: 'Text' },
      { text: 'Hi {{1}}!', type: 'BODY', example: { body_text: [['John']] } },
      { text: 'Team Recrubo', type: 'FOOTER' },
    ],
    language: 'en',
    category: 'MARKETING',
  });
  // @ts-expect-error the page's "Authorization" is Meta's AUTHENTICATION (ERRATA E-30)
  await recrubo.messageTemplates.create({ name: 'n', components: [], language: 'en', category: 'AUTHORIZATION' });
  // @ts-expect-error not a component type
  await recrubo.messageTemplates.create({ name: 'n', components: [{ text: 't', type: 'BUTTONS' }], language: 'en', category: 'UTILITY' });
  // @ts-expect-error status is read-only
  await recrubo.messageTemplates.create({ name: 'n', components: [], language: 'en', category: 'UTILITY', status: 'APPROVED' });
  // @ts-expect-error templates cannot be updated
  void recrubo.messageTemplates.update;

  expectType<'MARKETING' | 'UTILITY' | 'AUTHENTICATION'>(template.category);
  expectType<'HEADER' | 'BODY' | 'FOOTER' | undefined>(template.components[0]?.type);
  const page = await recrubo.messageTemplates.list({ filter: { category: 'MARKETING', language: 'en' }, sort: 'name' });
  expectType<MessageTemplate[]>(page.data);
  // @ts-expect-error MessageTemplate documents no includes
  await recrubo.messageTemplates.list({ include: ['messages'] });
  await recrubo.messageTemplates.retrieve(template.id);
  await recrubo.messageTemplates.delete(template.id);
}
