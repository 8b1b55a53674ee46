// `create(params, { query })` sends the POST's documented query flags (`?sync=true` on flow
// generations in the sandbox) and keeps them out of the body and the call options.
import nock from 'nock';
import { createCapturingClient, echoReply, serve } from '../../contracts/support/replay';

afterEach(() => nock.cleanAll());

const params = {
  flowType: 'vacancy_application_flow' as const,
  parameters: { knockoutRequirements: [{ value: 'Fluent in Dutch' }], preferredRequirements: [] },
};
const sentDocument = { data: { type: 'flowGenerations', attributes: params } };

it('sends ?sync=true on the POST and the attributes in the body', async () => {
  const { client, sent } = createCapturingClient();
  serve('create', { status: 201, body: echoReply(sentDocument, 'g1') });
  const generation = await client.flowGenerations.create(params, { query: { sync: true }, timeoutMs: 5000 });
  expect(generation.id).toBe('g1');
  expect(sent).toHaveLength(1);
  expect(sent[0]?.url.pathname).toBe('/public/v2/flow-generations');
  expect(sent[0]?.url.search).toBe('?sync=true');
  expect(sent[0]?.body).toEqual(sentDocument);
});

it('sends no query string without flags', async () => {
  const { client, sent } = createCapturingClient();
  serve('create', { status: 201, body: echoReply(sentDocument, 'g2') });
  await client.flowGenerations.create(params);
  expect(sent[0]?.url.search).toBe('');
});
