// `npm run mock`: the embedded Recrubo mock as a standalone server, one log line per request.
//   npm run mock -- --port 4010 --webhook-url http://127.0.0.1:3000/webhooks --webhook-secret s3cret
// Options: --port (default 4010), --host (127.0.0.1), --webhook-url, --webhook-secret,
// --api-key / --partner-key (strict keys; default: any key), --seed examples|empty|<file.json>
// (a JSON array of JSON:API resource objects), --random-seed <n>, --latency <ms>,
// --fast (background work 10× faster), --webhooks all|subscribed, --quiet.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_TIMING, startMockServer, type MockSeed, type MockTiming } from '../src/mock/index';

const USAGE = 'Usage: npm run mock -- [--port 4010] [--host 127.0.0.1] [--webhook-url URL] [--webhook-secret S] [--api-key K] [--partner-key K] [--seed examples|empty|FILE.json] [--random-seed N] [--latency MS] [--fast] [--webhooks all|subscribed] [--quiet]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${value}".`);
  return n;
}

function seedOf(value: string | undefined): MockSeed {
  if (value === undefined || value === 'examples') return 'examples';
  if (value === 'empty') return 'empty';
  let resources: unknown;
  try {
    resources = JSON.parse(fs.readFileSync(value, 'utf8'));
  } catch (error) {
    fail(`--seed ${value}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(resources)) fail(`--seed ${value}: expected a JSON array of JSON:API resource objects.`);
  return { resources: resources as Record<string, unknown>[] };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'webhook-url': { type: 'string' },
        'webhook-secret': { type: 'string' },
        'api-key': { type: 'string' },
        'partner-key': { type: 'string' },
        seed: { type: 'string' },
        'random-seed': { type: 'string' },
        latency: { type: 'string' },
        fast: { type: 'boolean' },
        webhooks: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const webhooks = values.webhooks ?? 'all';
  if (webhooks !== 'all' && webhooks !== 'subscribed') fail('--webhooks must be all or subscribed.');
  const timing: MockTiming = values.fast
    ? (Object.fromEntries(Object.entries(DEFAULT_TIMING).map(([k, v]) => [k, v / 10])) as unknown as MockTiming)
    : DEFAULT_TIMING;
  const mock = await startMockServer({
    port: integer(values.port, 'port', 4010),
    host: values.host,
    webhookUrl: values['webhook-url'],
    webhookSecret: values['webhook-secret'],
    apiKey: values['api-key'],
    partnerKey: values['partner-key'],
    seed: seedOf(values.seed),
    randomSeed: values['random-seed'] === undefined ? undefined : integer(values['random-seed'], 'random-seed', 0),
    latencyMs: integer(values.latency, 'latency', 0),
    webhooks,
    timing,
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  const organization = mock.organization();
  const strict = values['api-key'] !== undefined || values['partner-key'] !== undefined;
  const counts = mock.store.types().map((type) => `${type} ${mock.store.count(type)}`).join(', ');
  console.log(`Recrubo mock listening at ${mock.url}`);
  console.log(`  keys:     ${strict ? `strict (organization key: ${organization.token ?? 'none'}${values['partner-key'] ? ', partner key as given' : ''})` : 'any non-empty Bearer key'}`);
  console.log(`  webhooks: ${values['webhook-url'] ? `${webhooks} changes → ${values['webhook-url']}` : 'none (pass --webhook-url, or PATCH the organization\'s webhookUrl)'}`);
  console.log(`  seeded:   ${counts}`);
  console.log(`  faults:   send X-Mock-Fault: 503,503 | 429:2 | delay:300 | reset on any request`);
  console.log(`  try:      curl -g -H 'Authorization: Bearer ${strict ? (organization.token ?? 'KEY') : 'any-key'}' '${mock.url}/flow-runs?include=flow&page[size]=2'`);
  const stop = (): void => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
