// Type-level tests for recrubo.webhooks (only POST /webhooks is documented), checked by `npm run typecheck`.
import { Recrubo, type components } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

type WebhookPayload = components['schemas']['WebhookPayload'];

export async function webhookTypes(payload: WebhookPayload): Promise<void> {
  const webhook = await recrubo.webhooks.create({ resource: 'candidates', event: 'update', fields: ['firstName'], webhookUrl: 'https://example.com/hooks/candidates' });
  await recrubo.webhooks.create({ resource: 'flowRuns', event: 'create' });
  // @ts-expect-error events are create, update and delete
  await recrubo.webhooks.create({ resource: 'candidates', event: 'created' });
  // @ts-expect-error the resource to watch is required
  await recrubo.webhooks.create({ event: 'delete' });
  expectType<'create' | 'update' | 'delete'>(webhook.event);
  // @ts-expect-error no list is documented
  void recrubo.webhooks.list;
  // @ts-expect-error no retrieve is documented
  void recrubo.webhooks.retrieve;
  // @ts-expect-error no update is documented
  void recrubo.webhooks.update;
  // @ts-expect-error no delete is documented
  void recrubo.webhooks.delete;

  // The delivery envelope (components only): the resource is any resource object of the spec.
  expectType<'webhookPayload'>(payload.data.type);
  expectType<'create' | 'update' | 'delete'>(payload.data.attributes.event);
  expectType<string | undefined>(payload.data.attributes.webhookId);
  if (payload.data.attributes.resource.type === 'candidates') expectType<string>(payload.data.attributes.resource.id);
}
