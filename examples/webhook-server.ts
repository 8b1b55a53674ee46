// A Node server that receives Recrubo webhooks and logs FlowRun updates.
//
//   RECRUBO_WEBHOOK_SECRET=... PORT=3000 npx tsx examples/webhook-server.ts
//
// Point the organization's webhookUrl at http(s)://<this host>/webhooks (PATCH /organizations/{id}
// with webhookUrl and webhookSecret), subscribe with POST /webhooks, e.g. to `update` of
// `flowRuns`, then start a FlowRun. To try it locally without Recrubo:
//
//   npx tsx examples/webhook-server.ts --send-test
import http from 'node:http';
import { generateTestWebhook, type WebhookEvent } from '../src';
import { createNodeWebhookHandler } from '../src/webhooks/node-handler';

const secret = process.env.RECRUBO_WEBHOOK_SECRET ?? '';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const path = '/webhooks';

// Recrubo retries a failed delivery (5 times over 24 hours) with the same delivery id, so the
// same event can arrive twice. This demo remembers ids in memory; a real receiver stores them
// with the work it does (e.g. a unique key in the same database transaction).
const seen = new Set<string>();
const MAX_REMEMBERED = 10_000;

async function handleEvent(event: WebhookEvent): Promise<void> {
  if (seen.has(event.id)) {
    console.log(`delivery ${event.id}: already handled, skipped`);
    return;
  }
  const { resource } = event;
  switch (resource.type) {
    case 'flowRuns': {
      const changed = event.fields?.length ? ` (changed: ${event.fields.join(', ')})` : '';
      console.log(`FlowRun ${resource.id} ${event.event}: status=${resource.status} cost=${resource.cost}${changed}`);
      if (['finished', 'timeout', 'exception', 'cancelled'].includes(resource.status)) {
        console.log(`  final state: ${JSON.stringify(resource.state)}`);
      }
      break;
    }
    default:
      console.log(`${resource.type} ${resource.id} ${event.event}`);
  }
  seen.add(event.id);
  if (seen.size > MAX_REMEMBERED) seen.delete(seen.values().next().value as string);
}

function main(): void {
  if (secret === '') {
    console.error('Set RECRUBO_WEBHOOK_SECRET to the organization\'s webhookSecret.');
    process.exit(1);
  }
  const handler = createNodeWebhookHandler({
    secret,
    onEvent: handleEvent,
    onError: (error, { status, event }) => {
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.warn(`delivery ${event?.id ?? '(unverified)'} answered ${status}: ${what}`);
    },
  });
  const server = http.createServer((req, res) => {
    if (req.url?.split('?')[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    void handler(req, res);
  });
  // Node's own limits for clients that never finish their headers.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.listen(port, host, () => {
    console.log(`Listening for Recrubo webhooks on http://${host}:${port}${path}`);
    if (process.argv.includes('--send-test')) void sendTest();
  });
  const stop = (): void => {
    console.log('Shutting down');
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Sends a FlowRun update, twice (as a redelivery would), and a delivery with a wrong secret. */
async function sendTest(): Promise<void> {
  const url = `http://${host}:${port}${path}`;
  const delivery = generateTestWebhook(
    { event: 'update', fields: ['status', 'state'], resource: { id: '9b438057-cd8c-4de7-a966-0345ec1414e5', type: 'flowRuns', status: 'finished', cost: 30, state: { first_name: 'Henk' } } },
    secret,
  );
  for (const attempt of ['first delivery', 'redelivery']) {
    const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
    console.log(`test ${attempt}: ${response.status}`);
  }
  const forged = await fetch(url, { method: 'POST', headers: { 'x-recrubo-webhook-secret': 'not-the-secret' }, body: delivery.body });
  console.log(`test with a wrong secret: ${forged.status}`);
}

main();
