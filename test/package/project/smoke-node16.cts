// TypeScript, moduleResolution node16, CommonJS (`require` types: dist/cjs/*.d.ts).
import { NotFoundError, Recrubo, type FlowRun } from 'recrubo-sdk';
import { startMockServer } from 'recrubo-sdk/mock';
import { createNodeFetch } from 'recrubo-sdk/node';
import { createNodeWebhookHandler } from 'recrubo-sdk/webhooks/node';

async function main(): Promise<void> {
  const env = process.env;
  const recrubo = new Recrubo({ apiKey: 'rk_smoke_cts', baseUrl: env.RECRUBO_SMOKE_URL!, fetch: createNodeFetch() });
  const run: FlowRun = await recrubo.flowRuns.retrieve(env.RECRUBO_SMOKE_RUN_ID!);
  const missing = await recrubo.flowRuns.retrieve('no-such-run').catch((error: unknown) => error);
  if (!(missing instanceof NotFoundError)) throw new Error(`expected NotFoundError, got ${String(missing)}`);
  const starts: typeof startMockServer = startMockServer;
  void starts;
  void createNodeWebhookHandler;
  console.log(`TypeScript node16 (CommonJS): ok (${run.status})`);
}

main().then(
  () => process.exit(0), // the keep-alive sockets of createNodeFetch are unref'd; exit at once anyway
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
