// Type-level tests for recrubo.atsFields (type `ats-fields`, snake_case attributes), checked by `npm run typecheck`.
import { Recrubo, type ResourceOf } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type AtsField = ResourceOf<'atsFields'>;

export async function atsFieldTypes(): Promise<void> {
  const field = await recrubo.atsFields.create({ identifier: 'work_permit', data_type: 'string', label: 'Work permit', allowed_values: ['yes', 'no'], formatted_question: 'Do you need sponsorship?' });
  // @ts-expect-error snake_case as documented: data_type, not dataType
  await recrubo.atsFields.create({ identifier: 'work_permit', dataType: 'string' });
  // @ts-expect-error data_type is required
  await recrubo.atsFields.create({ identifier: 'work_permit' });
  // @ts-expect-error createdAt is read-only
  await recrubo.atsFields.update(field.id, { createdAt: '2024-01-01T00:00:00+00:00' });
  await recrubo.atsFields.update(field.id, { identifier: 'work_permit', allowed_values: null });

  expectType<'ats-fields'>(field.type);
  expectType<string>(field.data_type);
  expectType<string[] | null>(field.allowed_values);
  const page = await recrubo.atsFields.list({ filter: { data_type: 'string' }, sort: 'identifier' });
  expectType<AtsField[]>(page.data);
  await recrubo.atsFields.retrieve(field.id);
  await recrubo.atsFields.delete(field.id);
  // @ts-expect-error the property is named atsFields
  void recrubo['ats-fields'];
}
