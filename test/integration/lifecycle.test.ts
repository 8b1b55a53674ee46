// The service's behaviour over time, on a manual clock (no real waiting): a FlowRun goes
// queued → running → finished and accrues cost, and every change arrives as a webhook that
// the SDK's own Node handler verifies and parses. Also `?sync=true`, subscriptions and
// redelivery.
import { ValidationError, type WebhookEvent } from '../../src/index';
import { createManualClock } from '../../src/mock/index';
import { createSpecValidator, componentSchemaRef, formatErrors, loadBundledSpec } from '../../contracts/support/spec';
import { expectConformance, startHarness, type Harness } from './harness';

let h: Harness;
let expectedRejections = 0;
beforeAll(async () => {
  h = await startHarness({ clock: createManualClock(), receiver: true });
});
afterAll(async () => {
  await h.close();
});

const events = (): WebhookEvent[] => h.receiver?.events ?? [];
const eventsOf = (id: string): string[] =>
  events()
    .filter((e) => e.resource.id === id)
    .map((e) => `${e.event} ${'status' in e.resource ? String(e.resource.status) : ''}`.trim());

async function startRun(): Promise<{ id: string; messageThreadId: string }> {
  const thread = await h.recrubo.messageThreads.create({ channel: 'whatsapp', identifier: '31612345678' });
  const flow = (await h.recrubo.flows.list({ page: { size: 1 } })).data[0]!;
  const template = (await h.recrubo.messageTemplates.list({ page: { size: 1 } })).data[0]!;
  const run = await h.recrubo.flowRuns.create({
    flowId: flow.id,
    messageThreadId: thread.id,
    state: {},
    initialMessage: { type: 'template', template: { id: template.id, components: [] } },
  });
  expect(run).toMatchObject({ status: 'queued', cost: 0 });
  return run;
}

describe('FlowRun lifecycle', () => {
  it('queued → running (the initial message is sent) → finished, with cost, each change a verified webhook', async () => {
    const run = await startRun();
    await h.mock.idle();
    expect(eventsOf(run.id)).toEqual(['create queued']);

    await h.mock.advance!(1000);
    const running = await h.recrubo.flowRuns.retrieve(run.id);
    expect(running).toMatchObject({ status: 'running', cost: 1 });
    // `state` may change only once the run no longer runs.
    const refused = await h.recrubo.flowRuns.update(run.id, { state: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).pointers).toEqual(['/data/attributes/state']);
    expectedRejections += 1;

    await h.mock.advance!(3000);
    const finished = await h.recrubo.flowRuns.retrieve(run.id, { include: ['messageThread'] });
    expect(finished.status).toBe('finished');
    expect(finished.cost).toBeGreaterThan(1);
    expect(eventsOf(run.id)).toEqual(['create queued', 'update running', 'update finished']);

    const updates = events().filter((e) => e.resource.id === run.id && e.event === 'update');
    expect(updates.map((e) => e.fields)).toEqual([['status', 'cost'], ['status', 'cost']]);
    const last = updates.at(-1)!;
    expect(last.webhookId).toBeUndefined(); // the organization's catch-all destination
    expect(last.resource).toMatchObject({ type: 'flowRuns', cost: finished.cost, flow: { type: 'flows' }, messageThread: { type: 'messageThreads', id: run.messageThreadId } });
    // The initial message went out as a Message on the thread.
    const message = events().find((e) => e.resource.type === 'messages' && e.event === 'create' && 'messageThreadId' in e.resource && e.resource.messageThreadId === run.messageThreadId);
    expect(message?.resource).toMatchObject({ origin: 'outbound', payload: { type: 'template' } });
    const thread = await h.recrubo.messageThreads.retrieve(run.messageThreadId, { include: ['flowRuns', 'messages', 'conversation'] });
    expect((thread.flowRuns as { id: string }[]).map((r) => r.id)).toEqual([run.id]);
    expect(thread.messages).toHaveLength(1);
    expect(thread.conversation).toMatchObject({ status: 'open' });
  });

  it('a run cancelled by PATCH stops; a deleted run says so once', async () => {
    const run = await startRun();
    await h.mock.advance!(1000);
    await h.recrubo.flowRuns.update(run.id, { status: 'cancelled' });
    await h.mock.advance!(10_000);
    expect(eventsOf(run.id)).toEqual(['create queued', 'update running', 'update cancelled']);
    await h.recrubo.flowRuns.delete(run.id);
    await h.mock.idle();
    expect(eventsOf(run.id).at(-1)).toBe('delete cancelled');
  });
});

describe('background work with ?sync=true', () => {
  const generation = {
    flowType: 'vacancy_application_flow' as const,
    parameters: { knockoutRequirements: [{ value: 'Has a driving licence.', sessionField: 'licence' }], preferredRequirements: [] },
    context: { title: 'Driver' },
  };

  it('a flow generation returns finished, with the flow it made', async () => {
    const done = await h.recrubo.flowGenerations.create(generation, { query: { sync: true } });
    expect(done).toMatchObject({ status: 'finished', cost: expect.any(Number) });
    const flow = await h.recrubo.flows.retrieve(done.flowId as string);
    expect(flow).toMatchObject({ name: 'Driver application flow', flowGenerationId: done.id });
  });

  it('without sync it is queued, and finishes on the clock', async () => {
    const queued = await h.recrubo.flowGenerations.create(generation);
    expect(queued).toMatchObject({ status: 'queued', flowId: null });
    await h.mock.advance!(2000);
    expect(eventsOf(queued.id)).toEqual(['create queued', 'update processing', 'update finished']);
  });

  it('a vacancy analysis returns its result', async () => {
    const analysis = await h.recrubo.vacancyAnalyses.create({ inputText: 'We look for a Kubernetes engineer who writes TypeScript.' }, { query: { sync: true } });
    expect(analysis.analyzeResult?.hardSkills?.map((s) => s.skill)).toEqual(['Kubernetes', 'TypeScript', 'engineer']);
  });
});

describe('webhook subscriptions and redelivery', () => {
  it('POST /webhooks narrows update deliveries to its fields; other changes go to the catch-all', async () => {
    const webhook = await h.recrubo.webhooks.create({ resource: 'candidates', event: 'update', fields: ['firstName'] });
    const candidate = await h.recrubo.candidates.create({ phone: '31633333333', firstName: 'Jane' });
    await h.recrubo.candidates.update(candidate.id, { firstName: 'Janet' });
    await h.recrubo.candidates.update(candidate.id, { lastName: 'Doe' });
    await h.mock.idle();
    const received = events().filter((e) => e.resource.id === candidate.id);
    expect(received.map((e) => [e.event, e.webhookId, e.fields])).toEqual([
      ['create', undefined, undefined],
      ['update', webhook.id, ['firstName']],
      ['update', undefined, ['lastName']],
    ]);
  });

  it('a failed delivery is delivered again, with the same id, on the clock', async () => {
    h.receiver?.failNext(1);
    const user = await h.recrubo.users.create({ firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', phone: '31644444444', timeZone: 'Europe/Amsterdam', externalId: 'ann' });
    await h.mock.idle();
    const delivery = h.mock.deliveries.find((d) => d.resourceId === user.id)!;
    expect(delivery).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(eventsOf(user.id)).toEqual([]);
    await h.mock.advance!(1000);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 2 });
    const received = events().filter((e) => e.resource.id === user.id);
    expect(received.map((e) => [e.id, e.event])).toEqual([[delivery.id, 'create']]);
    expect(received[0]?.resource).toMatchObject({ fullName: 'Ann Lee' });
  });
});

it('every delivery is a WebhookPayload of the spec; requests and responses within the spec', () => {
  const validator = createSpecValidator(loadBundledSpec());
  expect(h.mock.deliveries.length).toBeGreaterThan(10);
  for (const delivery of h.mock.deliveries) {
    const errors = validator.validate(componentSchemaRef('WebhookPayload'), JSON.parse(delivery.body));
    expect({ delivery: delivery.id, errors: formatErrors(errors) }).toEqual({ delivery: delivery.id, errors: '' });
  }
  expectConformance(h, expectedRejections);
});
