import { Buffer } from 'node:buffer';
import { ConfigurationError, RecruboError } from '../errors';
import { getLinks, getRelationshipLinks } from '../jsonapi/deserialize';
import { constructWebhookEvent } from './construct-event';
import { WebhookPayloadError, WebhookVerificationError } from './errors';
import { DELIVERY_ID, FLOW_RUN_LIFECYCLE, HEADERS, SECRET, WEBHOOK_ID, body, flowRunAt, payload, resourcePerType } from './fixtures.test-support';
import type { RESOURCES, ResourceName } from '../resources/table';
import type { WebhookEvent, WebhookResource, WebhookResourceType } from './types';

function construct(document: unknown, headers: Record<string, string> = HEADERS): WebhookEvent {
  return constructWebhookEvent(body(document), headers, SECRET);
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('constructWebhookEvent: a FlowRun through its lifecycle', () => {
  test('create: the run as created, queued', () => {
    const event = construct(FLOW_RUN_LIFECYCLE.create);
    expect(event.id).toBe('0f6a3a7e-1c44-4f0e-8a55-6d0a9b3c2e11');
    expect(event.webhookId).toBe(WEBHOOK_ID);
    expect(event.event).toBe('create');
    expect(event.fields).toBeUndefined();
    const run = event.resource;
    if (run.type !== 'flowRuns') throw new Error('expected a FlowRun');
    expect(run.id).toBe('98e5af31-5fbb-4166-b792-9b8764b835b1');
    expect(run.status).toBe('queued');
    expect(run.cost).toBe(0);
    expect(run.flowId).toBe('6d6e3b3d-e0b0-4b9d-b42b-ff0b58746cee');
    expect(run.messageThreadId).toBe('06bd4b24-7a67-4c09-a5af-0e88c569ab6f');
    expect(run.createdAt).toBe('2024-08-20T10:45:05+00:00');
    expect(run.state).toEqual({});
    expect(run.initialMessage).toEqual({});
    // Links-only relationships are absent from the object and reachable through the helpers.
    expect('flow' in run).toBe(false);
    expect(getRelationshipLinks(run, 'flow')).toEqual({ related: '/public/v2/flows/6d6e3b3d-e0b0-4b9d-b42b-ff0b58746cee' });
    expect(getRelationshipLinks(run, 'messageThread')).toEqual({ related: '/public/v2/message-threads/06bd4b24-7a67-4c09-a5af-0e88c569ab6f' });
  });

  test('update to running: `fields` names the changed attribute', () => {
    const event = construct(FLOW_RUN_LIFECYCLE.running);
    expect(event.id).toBe('5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33');
    expect(event.event).toBe('update');
    expect(event.fields).toEqual(['status']);
    expect(event.resource).toMatchObject({ type: 'flowRuns', status: 'running', updatedAt: '2024-08-20T10:45:09+00:00' });
  });

  test('update to finished: the state the flow gathered and the cost', () => {
    const event = construct(FLOW_RUN_LIFECYCLE.finished);
    expect(event.fields).toEqual(['status', 'state', 'cost']);
    expect(event.resource).toEqual({
      id: '9b438057-cd8c-4de7-a966-0345ec1414e5',
      type: 'flowRuns',
      createdAt: '2024-08-20T10:45:04+00:00',
      updatedAt: '2024-08-20T10:45:04+00:00',
      flowId: 'd972cc73-1487-4ac0-99e7-b5f592d9d94f',
      messageThreadId: '725791eb-9f29-4211-98d0-c1ca4db35723',
      state: { first_name: 'Henk' },
      initialMessage: {},
      status: 'finished',
      cost: 30,
    });
  });

  test('delete', () => {
    const event = construct(FLOW_RUN_LIFECYCLE.delete);
    expect(event.event).toBe('delete');
    expect(event.resource).toMatchObject({ id: '98e5af31-5fbb-4166-b792-9b8764b835b1', type: 'flowRuns', status: 'cancelled' });
  });

  test('a redelivery carries the same delivery id', () => {
    const first = construct(FLOW_RUN_LIFECYCLE.finished);
    const again = construct(FLOW_RUN_LIFECYCLE.finished);
    expect(again.id).toBe(first.id);
    expect(again).not.toBe(first);
  });

  test('the format without webhookId and fields (as the guide\'s candidate example), and fields: null', () => {
    const event = construct(payload({ event: 'create', resource: flowRunAt('queued') }));
    expect(event.webhookId).toBeUndefined();
    expect(event.fields).toBeUndefined();
    expect(construct(payload({ event: 'update', fields: null, webhookId: null, resource: flowRunAt('queued') })).fields).toBeUndefined();
  });

  test('the input is not mutated and the result serialises', () => {
    const document = structuredClone(FLOW_RUN_LIFECYCLE.finished);
    const event = constructWebhookEvent(body(document), HEADERS, SECRET);
    expect(document).toEqual(FLOW_RUN_LIFECYCLE.finished);
    expect(JSON.parse(JSON.stringify(event))).toMatchObject({ id: '7e4d1f20-3a9b-4c8e-9f12-0b3c4d5e6f77', resource: { status: 'finished' } });
  });

  test('resource-level links and resolved relationship identifiers', () => {
    const resource = flowRunAt('running');
    resource.links = { self: '/public/v2/flow-runs/98e5af31-5fbb-4166-b792-9b8764b835b1' };
    (resource.relationships as Record<string, unknown>).flow = { data: { type: 'flows', id: '6d6e3b3d-e0b0-4b9d-b42b-ff0b58746cee' } };
    const event = construct(payload({ event: 'update', resource }));
    if (event.resource.type !== 'flowRuns') throw new Error('expected a FlowRun');
    expect(event.resource.flow).toEqual({ id: '6d6e3b3d-e0b0-4b9d-b42b-ff0b58746cee', type: 'flows' });
    expect(getLinks(event.resource)).toEqual({ self: '/public/v2/flow-runs/98e5af31-5fbb-4166-b792-9b8764b835b1' });
  });
});

describe('constructWebhookEvent: every resource type of the SDK', () => {
  const perType = [...resourcePerType()];
  test('the table has types to deliver', () => {
    expect(perType.map(([type]) => type)).toEqual(expect.arrayContaining(['flowRuns', 'candidates', 'messages', 'webhooks', 'ats-fields']));
  });
  test.each(perType)('%s parses into its flattened resource, attribute by attribute', (type, { resource }) => {
    const event = construct(payload({ webhookId: WEBHOOK_ID, event: 'update', fields: ['updatedAt'], resource }));
    expect(event.resource.type).toBe(type);
    expect(event.resource.id).toBe(resource.id);
    const attributes = (resource.attributes ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(attributes)) {
      expect([name, (event.resource as unknown as Record<string, unknown>)[name]]).toEqual([name, value]);
    }
  });
});

describe('constructWebhookEvent: bodies and headers in every accepted form', () => {
  const text = body(FLOW_RUN_LIFECYCLE.running);
  test.each([
    ['string', text],
    ['Buffer', Buffer.from(text)],
    ['Uint8Array', new TextEncoder().encode(text)],
    ['a Uint8Array view into a larger buffer', new Uint8Array(Buffer.from(`xx${text}yy`)).subarray(2, 2 + Buffer.byteLength(text))],
    ['ArrayBuffer', new TextEncoder().encode(text).buffer],
  ])('body as %s', (_name, raw) => {
    expect(constructWebhookEvent(raw, HEADERS, SECRET).id).toBe('5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33');
  });

  test.each([
    ['Fetch Headers', new Headers({ 'X-Recrubo-Webhook-Secret': SECRET })],
    ['Node lower-case object', { 'x-recrubo-webhook-secret': SECRET }],
    ['object in any case', { 'X-RECRUBO-Webhook-Secret': SECRET }],
    ['array value with one entry', { 'x-recrubo-webhook-secret': [SECRET] }],
    ['value with surrounding spaces (HTTP optional whitespace)', { 'x-recrubo-webhook-secret': ` ${SECRET}\t` }],
  ])('headers as %s', (_name, headers) => {
    expect(constructWebhookEvent(text, headers, SECRET).event).toBe('update');
  });

  test('a secret list (rotation): any one of them verifies', () => {
    expect(constructWebhookEvent(text, HEADERS, ['whsec_new_one', SECRET]).id).toBe('5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33');
  });

  test('a non-ASCII secret, as Node and Fetch decode header bytes (Latin-1) and as a hand-built object', () => {
    const secret = 'geheim-€-sleutel';
    const onTheWire = Buffer.from(secret, 'utf8').toString('latin1');
    expect(constructWebhookEvent(text, { 'x-recrubo-webhook-secret': onTheWire }, secret).id).toBeDefined();
    expect(constructWebhookEvent(text, { 'x-recrubo-webhook-secret': secret }, secret).id).toBeDefined();
  });
});

describe('constructWebhookEvent: verification failures', () => {
  const text = body(FLOW_RUN_LIFECYCLE.running);
  test.each([
    ['no header', {}, 'missing'],
    ['an empty header', { 'x-recrubo-webhook-secret': '' }, 'mismatch'],
    ['a wrong secret', { 'x-recrubo-webhook-secret': 'whsec_9f2c4e7a1b_do-not-loG' }, 'mismatch'],
    ['a prefix of the secret', { 'x-recrubo-webhook-secret': SECRET.slice(0, -1) }, 'mismatch'],
    ['the secret with a suffix', { 'x-recrubo-webhook-secret': `${SECRET}x` }, 'mismatch'],
    ['the secret twice in one header', { 'x-recrubo-webhook-secret': `${SECRET}, ${SECRET}` }, 'mismatch'],
    ['the header twice (array)', { 'x-recrubo-webhook-secret': [SECRET, SECRET] }, 'repeated'],
    ['the header twice (two cases)', { 'x-recrubo-webhook-secret': SECRET, 'X-Recrubo-Webhook-Secret': 'other' }, 'repeated'],
    ['an empty array', { 'x-recrubo-webhook-secret': [] }, 'missing'],
    ['the secret in another header', { authorization: `Bearer ${SECRET}` }, 'missing'],
  ])('%s → WebhookVerificationError', (_name, headers, reason) => {
    const error = failure(() => constructWebhookEvent(text, headers as Record<string, string>, SECRET));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error).toBeInstanceOf(RecruboError);
    expect(RecruboError.isRecruboError(error)).toBe(true);
    expect((error as WebhookVerificationError).reason).toBe(reason);
    expect(error.name).toBe('WebhookVerificationError');
  });

  test('Fetch Headers without the header, and with a repeated one (Fetch joins them)', () => {
    expect((failure(() => constructWebhookEvent(text, new Headers(), SECRET)) as WebhookVerificationError).reason).toBe('missing');
    const repeated = new Headers();
    repeated.append('x-recrubo-webhook-secret', SECRET);
    repeated.append('x-recrubo-webhook-secret', SECRET);
    expect((failure(() => constructWebhookEvent(text, repeated, SECRET)) as WebhookVerificationError).reason).toBe('mismatch');
  });

  test('the secret is checked before the body is looked at', () => {
    const error = failure(() => constructWebhookEvent('not json', { 'x-recrubo-webhook-secret': 'wrong' }, SECRET));
    expect(error).toBeInstanceOf(WebhookVerificationError);
  });

  test.each([
    ['empty', ''],
    ['empty list', []],
    ['whitespace at the end (a newline from a file)', `${SECRET}\n`],
    ['whitespace at the start', ` ${SECRET}`],
    ['a control character inside', 'abc\ndef'],
    ['not a string', undefined],
    ['null', null],
    ['a list with an empty entry', [SECRET, '']],
  ])('a secret that could never verify (%s) is a ConfigurationError at call time', (_name, secret) => {
    const error = failure(() => constructWebhookEvent(text, HEADERS, secret as string));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^constructWebhookEvent: /);
  });
});

describe('constructWebhookEvent: payload failures name the JSON pointer', () => {
  const good = () => structuredClone(FLOW_RUN_LIFECYCLE.running) as { data: Record<string, unknown> & { attributes: Record<string, unknown> } };
  const cases: [string, unknown, string, RegExp][] = [
    ['not JSON', 'hello', '', /not valid JSON/],
    ['empty body', '', '', /not valid JSON/],
    ['JSON but an array', [], '', /Expected the payload/],
    ['JSON null', null, '', /got null/],
    ['no data', {}, '/data', /Expected `data`/],
    ['a JSON:API response instead of a payload', { data: flowRunAt('queued') }, '/data/type', /"webhookPayload", got "flowRuns".*response document/],
    ['data.type missing', { data: { id: DELIVERY_ID, attributes: {} } }, '/data/type', /got nothing/],
    ['data.id missing', ((d) => (delete d.data.id, d))(good()), '/data/id', /WebhookLog/],
    ['data.id a number', ((d) => ((d.data.id = 7), d))(good()), '/data/id', /got a number/],
    ['attributes missing', ((d) => (delete (d.data as Record<string, unknown>).attributes, d))(good()), '/data/attributes', /Expected `data.attributes`/],
    ['event unknown (the Getting Started wording)', ((d) => ((d.data.attributes.event = 'updated'), d))(good()), '/data/attributes/event', /create, update, delete, got "updated"/],
    ['event missing', ((d) => (delete d.data.attributes.event, d))(good()), '/data/attributes/event', /got nothing/],
    ['fields a string (the format placeholder)', ((d) => ((d.data.attributes.fields = '<optional array of updated fields>'), d))(good()), '/data/attributes/fields', /array of attribute names/],
    ['fields with a number', ((d) => ((d.data.attributes.fields = ['status', 3]), d))(good()), '/data/attributes/fields/1', /got a number/],
    ['webhookId a number', ((d) => ((d.data.attributes.webhookId = 12), d))(good()), '/data/attributes/webhookId', /string/],
    ['resource missing', ((d) => (delete d.data.attributes.resource, d))(good()), '/data/attributes/resource', /JSON:API resource object/],
    ['resource a string (the format placeholder)', ((d) => ((d.data.attributes.resource = '<jsonapi spec formatted object>'), d))(good()), '/data/attributes/resource', /got "<jsonapi spec formatted object>"/],
    ['resource of an unknown type', ((d) => ((d.data.attributes.resource = { id: '1', type: 'invoices', attributes: {} }), d))(good()), '/data/attributes/resource/type', /"invoices" is not one this version/],
    ['resource without type', ((d) => ((d.data.attributes.resource = { id: '1', attributes: {} }), d))(good()), '/data/attributes/resource/type', /got nothing/],
    ['resource without id', ((d) => ((d.data.attributes.resource = { type: 'flowRuns', attributes: {} }), d))(good()), '/data/attributes/resource/id', /resource `id`/],
    ['resource attributes not an object', ((d) => ((d.data.attributes.resource = { id: '1', type: 'flowRuns', attributes: [] }), d))(good()), '/data/attributes/resource/attributes', /attributes/],
    ['resource with an attribute called id', ((d) => ((d.data.attributes.resource = { id: '1', type: 'flowRuns', attributes: { id: '2' } }), d))(good()), '/data/attributes/resource/attributes/id', /`id` cannot be flattened/],
    ['resource relationship data malformed', ((d) => ((d.data.attributes.resource = { id: '1', type: 'flowRuns', attributes: {}, relationships: { flow: { data: 5 } } }), d))(good()), '/data/attributes/resource/relationships/flow/data', /./],
  ];
  test.each(cases.map(([name, document, pointer, message]) => [name, pointer || '(the body)', document, pointer, message] as const))('%s → WebhookPayloadError at %s', (_name, _where, document, pointer, message) => {
    const raw = typeof document === 'string' ? document : JSON.stringify(document);
    const error = failure(() => constructWebhookEvent(raw, HEADERS, SECRET));
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error).toBeInstanceOf(RecruboError);
    expect((error as WebhookPayloadError).pointer).toBe(pointer);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/recrubo\.raw/);
    expect((error as WebhookPayloadError).toJSON()).toMatchObject({ name: 'WebhookPayloadError', pointer });
  });

  test('a body that is not UTF-8', () => {
    const error = failure(() => constructWebhookEvent(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), HEADERS, SECRET));
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  test('an already parsed body is refused with how to get the raw one', () => {
    const error = failure(() => constructWebhookEvent(FLOW_RUN_LIFECYCLE.running as unknown as string, HEADERS, SECRET));
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.message).toMatch(/raw body.*express\.raw/);
  });

  test('the JSON parser\'s message (which quotes the body) stays out of the error', () => {
    const error = failure(() => constructWebhookEvent('{"data": PERSONAL-DATA-HERE', HEADERS, SECRET));
    expect(error.message).not.toContain('PERSONAL');
    expect(error.cause).toBeUndefined();
  });
});

// Type-level checks (tsc): the resource is a union discriminated by `type`.
export function typeChecks(event: WebhookEvent): void {
  const resource: WebhookResource = event.resource;
  switch (resource.type) {
    case 'flowRuns': {
      const status: 'queued' | 'running' | 'finished' | 'timeout' | 'exception' | 'cancelled' = resource.status;
      const cost: number = resource.cost;
      void status;
      void cost;
      break;
    }
    case 'candidates':
      // @ts-expect-error a candidate has no `status` of a FlowRun's kind (narrowed away)
      void resource.cost;
      break;
    default:
      break;
  }
  // @ts-expect-error not a type of the API
  if (resource.type === 'invoices') return;
  const name: 'create' | 'update' | 'delete' = event.event;
  void name;
}

// Every JSON:API type of the resource table is a member of the union (derived, not listed).
type TableType = { [N in ResourceName]: (typeof RESOURCES)[N] extends { type: infer T } ? T : never }[ResourceName];
export const everyTableTypeIsDeliverable: [Exclude<TableType, WebhookResourceType>] extends [never] ? true : false = true;
export const noTypeBeyondTheTable: [Exclude<WebhookResourceType, TableType>] extends [never] ? true : false = true;
