import withFlow from '../../contracts/examples/flowRuns.retrieve.200.include-flow.json';
import { ConfigurationError } from '../errors';
import { deserialize, getRelationshipLinks } from '../jsonapi/deserialize';
import type { ResourceOf } from '../resources/types';
import { constructWebhookEvent } from './construct-event';
import { flowRunAt, SECRET } from './fixtures.test-support';
import { generateTestWebhook, type TestWebhookResource } from './test-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('generateTestWebhook', () => {
  test('a flattened resource from the SDK round-trips through constructWebhookEvent', () => {
    const run = deserialize<ResourceOf<'flowRuns'>>(withFlow).data;
    if (run === null) throw new Error('expected a FlowRun');
    const delivery = generateTestWebhook({ event: 'update', fields: ['status'], resource: run }, SECRET);
    const event = constructWebhookEvent(delivery.body, delivery.headers, SECRET);
    expect(event.id).toBe(delivery.id);
    expect(event.id).toMatch(UUID);
    expect(event.webhookId).toMatch(UUID);
    expect(event.event).toBe('update');
    expect(event.fields).toEqual(['status']);
    if (event.resource.type !== 'flowRuns') throw new Error('expected a FlowRun');
    expect(event.resource.id).toBe('a9a37c94-173b-4f6d-b9bf-7983a7ef9322');
    expect(event.resource.cost).toBe(55);
    expect(event.resource.status).toBe('finished');
    // The included flow travels as its identifier (a payload has no `included`), with its links.
    expect(event.resource.flow).toEqual({ id: '7f873317-66a6-4312-bc77-3a1056726687', type: 'flows' });
    expect(getRelationshipLinks(event.resource, 'flow')).toEqual({ related: '/public/v2/flows/7f873317-66a6-4312-bc77-3a1056726687' });
    expect(getRelationshipLinks(event.resource, 'messageThread')).toEqual({ related: '/public/v2/message-threads/37bb741c-e4ac-42b3-aaba-01415126ef9c' });
  });

  test('an object literal: identifiers become relationships, other members attributes', () => {
    const resource: TestWebhookResource = {
      id: 'run-1',
      type: 'flowRuns',
      status: 'running',
      state: { first_name: 'Henk' },
      initialMessage: { type: 'template', template: { id: 'tpl-1', components: [] } },
      flow: { id: 'flow-1', type: 'flows' },
      cost: null,
    };
    const delivery = generateTestWebhook({ event: 'create', resource, id: 'delivery-1', webhookId: 'hook-1' }, SECRET);
    const sent = JSON.parse(delivery.body);
    expect(sent).toEqual({
      data: {
        type: 'webhookPayload',
        id: 'delivery-1',
        attributes: {
          webhookId: 'hook-1',
          event: 'create',
          resource: {
            id: 'run-1',
            type: 'flowRuns',
            attributes: { status: 'running', state: { first_name: 'Henk' }, initialMessage: { type: 'template', template: { id: 'tpl-1', components: [] } }, cost: null },
            relationships: { flow: { data: { type: 'flows', id: 'flow-1' } } },
          },
        },
      },
    });
    expect(constructWebhookEvent(delivery.body, new Headers(delivery.headers), SECRET).resource).toEqual(resource);
  });

  test('a JSON:API resource object is sent as it is', () => {
    const resource = flowRunAt('timeout') as unknown as TestWebhookResource;
    const delivery = generateTestWebhook({ event: 'update', fields: ['status'], resource }, SECRET);
    expect(JSON.parse(delivery.body).data.attributes.resource).toEqual(resource);
    expect(constructWebhookEvent(delivery.body, delivery.headers, SECRET).resource).toMatchObject({ type: 'flowRuns', status: 'timeout' });
  });

  test('the same id simulates a redelivery; webhookId null leaves it out; fields only when given', () => {
    const params = { event: 'delete' as const, resource: { id: 'c-1', type: 'candidates' as const }, id: 'same', webhookId: null };
    const first = generateTestWebhook(params, SECRET);
    const again = generateTestWebhook(params, SECRET);
    expect(again.id).toBe(first.id);
    const attributes = JSON.parse(first.body).data.attributes;
    expect('webhookId' in attributes).toBe(false);
    expect('fields' in attributes).toBe(false);
    expect(constructWebhookEvent(first.body, first.headers, SECRET)).toMatchObject({ id: 'same', webhookId: undefined, event: 'delete', resource: { id: 'c-1', type: 'candidates' } });
  });

  test('headers carry the secret and a JSON:API content type', () => {
    expect(generateTestWebhook({ event: 'create', resource: { id: '1', type: 'flowRuns' } }, SECRET).headers).toEqual({
      'content-type': 'application/vnd.api+json',
      'x-recrubo-webhook-secret': SECRET,
    });
  });

  test('the secret is refused as constructWebhookEvent would refuse it', () => {
    const params = { event: 'create' as const, resource: { id: '1', type: 'flowRuns' as const } };
    expect(() => generateTestWebhook(params, '')).toThrow(ConfigurationError);
    expect(() => generateTestWebhook(params, ` ${SECRET}`)).toThrow(ConfigurationError);
    expect(() => generateTestWebhook(params, [SECRET] as unknown as string)).toThrow(ConfigurationError);
    // A delivery made with one secret does not verify with another.
    const delivery = generateTestWebhook(params, SECRET);
    expect(() => constructWebhookEvent(delivery.body, delivery.headers, 'another-secret')).toThrow(/does not match/);
  });
});

// Type-level: the resource's type must be one of the API.
export function typeChecks(): void {
  // @ts-expect-error not a JSON:API type of the API
  generateTestWebhook({ event: 'create', resource: { id: '1', type: 'invoices' } }, 's');
  // @ts-expect-error not an event
  generateTestWebhook({ event: 'created', resource: { id: '1', type: 'flowRuns' } }, 's');
}
