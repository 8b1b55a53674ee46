// A CommonJS user: require() of every entry of the packed package, real calls to the local
// server that scripts/build/check-package.ts started (RECRUBO_SMOKE_URL), and response
// validation loaded from the package on demand.
const assert = require('node:assert/strict');
const { Recrubo, ContractViolationError, NotFoundError, RecruboError } = require('recrubo-sdk');
const { createNodeWebhookHandler } = require('recrubo-sdk/webhooks/node');
const { startMockServer } = require('recrubo-sdk/mock');
const { createNodeFetch } = require('recrubo-sdk/node');

const baseUrl = process.env.RECRUBO_SMOKE_URL;
const RUN_ID = process.env.RECRUBO_SMOKE_RUN_ID;
const DRIFTED_ID = process.env.RECRUBO_SMOKE_DRIFTED_ID;
const apiKey = 'rk_smoke_cjs';
const validatorsLoaded = () => Object.keys(require.cache).some((file) => /[\\/]generated[\\/]validators\.js$/.test(file));

async function main() {
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
  assert.equal(validatorsLoaded(), false, "validateResponses 'off' must not load the validators");

  const strict = new Recrubo({ apiKey, baseUrl, validateResponses: 'throw' });
  assert.equal(validatorsLoaded(), true, "validateResponses 'throw' loads the validators");
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
    const lenient = new Recrubo({ apiKey, baseUrl, validateResponses: 'warn' });
    assert.equal((await lenient.flowRuns.retrieve(DRIFTED_ID)).status, 'paused');
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 1, 'one warning for the drifted response');
  assert.match(warnings[0], /departs from the spec/);

  const nodeFetch = createNodeFetch();
  try {
    const viaNode = new Recrubo({ apiKey, baseUrl, fetch: nodeFetch });
    assert.equal((await viaNode.flowRuns.retrieve(RUN_ID)).cost, run.cost);
  } finally {
    nodeFetch.close();
  }
  assert.equal(typeof createNodeWebhookHandler, 'function');
  assert.equal(typeof startMockServer, 'function');
  console.log("CommonJS require: ok (retrieve, NotFoundError, raw with middleware, validateResponses 'throw' and 'warn', createNodeFetch, webhooks/node, mock)");
}

main().catch((error) => {
  console.error('CommonJS require: FAILED\n', error);
  process.exit(1);
});
