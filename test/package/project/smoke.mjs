// An ES module user: import of every entry of the packed package, real calls to the local
// server that scripts/build/check-package.ts started (RECRUBO_SMOKE_URL), response validation
// imported from the package on demand, and the mock started from the package.
import assert from 'node:assert/strict';
import { ContractViolationError, NotFoundError, Recrubo, RecruboError } from 'recrubo-sdk';
import { startMockServer } from 'recrubo-sdk/mock';
import { createNodeFetch } from 'recrubo-sdk/node';
import { createNodeWebhookHandler } from 'recrubo-sdk/webhooks/node';

const baseUrl = process.env.RECRUBO_SMOKE_URL;
const RUN_ID = process.env.RECRUBO_SMOKE_RUN_ID;
const DRIFTED_ID = process.env.RECRUBO_SMOKE_DRIFTED_ID;
const apiKey = 'rk_smoke_esm';

try {
  const recrubo = new Recrubo({ apiKey, baseUrl });
  const run = await recrubo.flowRuns.retrieve(RUN_ID);
  assert.equal(run.id, RUN_ID);
  assert.equal(run.status, 'finished');
  await assert.rejects(recrubo.flowRuns.retrieve('no-such-run'), (error) => error instanceof NotFoundError && error instanceof RecruboError);
  // recrubo.raw loads openapi-fetch on its first call (import() in ESM, require in CommonJS).
  const seenByMiddleware = [];
  recrubo.raw.use({ onRequest: ({ request }) => void seenByMiddleware.push(request.url) });
  const raw = await recrubo.raw.GET('/flow-runs/{id}', { params: { path: { id: RUN_ID } } });
  assert.equal(raw.response.status, 200);
  assert.equal(raw.data.data.id, RUN_ID);
  assert.deepEqual(seenByMiddleware, [`${baseUrl}/flow-runs/${RUN_ID}`]);

  const strict = new Recrubo({ apiKey, baseUrl, validateResponses: 'throw' });
  assert.equal((await strict.flowRuns.retrieve(RUN_ID)).status, 'finished');
  await assert.rejects(strict.flowRuns.retrieve(DRIFTED_ID), (error) => {
    assert.ok(error instanceof ContractViolationError, `expected ContractViolationError, got ${error}`);
    assert.ok(error.violations.some((v) => v.pointer === '/data/attributes/status'), JSON.stringify(error.violations));
    return true;
  });

  const warnings = [];
  const warn = console.warn;
  console.warn = (message) => warnings.push(String(message));
  try {
    // The first call of a fresh client: the validators are imported before it is sent.
    const lenient = new Recrubo({ apiKey, baseUrl, validateResponses: 'warn' });
    assert.equal((await lenient.flowRuns.retrieve(DRIFTED_ID)).status, 'paused');
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 1, 'one warning for the drifted response');
  assert.match(warnings[0], /departs from the spec/);

  const nodeFetch = createNodeFetch();
  try {
    const viaNode = new Recrubo({ apiKey, baseUrl, fetch: nodeFetch, validateResponses: 'throw' });
    assert.equal((await viaNode.flowRuns.retrieve(RUN_ID)).cost, run.cost);
  } finally {
    nodeFetch.close();
  }

  // The mock from the package: its spec and request validators load from dist/generated.
  const mock = await startMockServer();
  try {
    const againstMock = new Recrubo({ apiKey, baseUrl: mock.url, validateResponses: 'throw' });
    const page = await againstMock.flowRuns.list({ page: { size: 2 } });
    assert.ok(page.data.length > 0, 'the mock serves the documented examples');
    assert.deepEqual(mock.responseViolations, []);
  } finally {
    await mock.close();
  }
  assert.equal(typeof createNodeWebhookHandler, 'function');
  console.log("ESM import: ok (retrieve, NotFoundError, raw with middleware, validateResponses 'throw' and 'warn', createNodeFetch, mock server, webhooks/node)");
} catch (error) {
  console.error('ESM import: FAILED\n', error);
  process.exit(1);
}
