// The whole journey through the SDK, one line per step: `npm start`.
//
// Without RECRUBO_API_KEY it starts the embedded mock (recrubo-sdk/mock) in this process, with a
// fast clock, and receives the run's webhooks on a local port with the SDK's Node handler.
// With RECRUBO_API_KEY (and RECRUBO_BASE_URL, default production) it runs against the real API:
// then RECRUBO_PHONE (the WhatsApp number to message) is required, RECRUBO_FLOW_ID and
// RECRUBO_TEMPLATE_ID pick the flow and template (default: the first listed), and the run is
// polled instead (Recrubo cannot deliver webhooks to this machine).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotFoundError, Recrubo, type FlowRun, type RecruboOptions, type WebhookEvent } from '../src/index';
import { startMockServer } from '../src/mock/index';
import { createNodeWebhookHandler } from '../src/webhooks/node-handler';

const TERMINAL = new Set(['finished', 'timeout', 'exception', 'cancelled']);
const short = (id: string): string => `${id.slice(0, 8)}…`;

export interface QuickstartOptions {
  recrubo: Recrubo;
  /** The candidate's WhatsApp number. */
  phone: string;
  flowId?: string;
  templateId?: string;
  /** Resolves with the run's final status once it no longer runs (by webhook, or by polling). */
  waitUntilDone(runId: string): Promise<string>;
  log(line: string): void;
}

export async function quickstart({ recrubo, phone, flowId, templateId, waitUntilDone, log }: QuickstartOptions): Promise<void> {
  const step = (name: string, text: string): void => log(`${name.padEnd(14)} ${text}`);

  const flow = flowId ? await recrubo.flows.retrieve(flowId) : (await recrubo.flows.list({ page: { size: 1 } })).data[0];
  const template = templateId ? await recrubo.messageTemplates.retrieve(templateId) : (await recrubo.messageTemplates.list({ page: { size: 1 } })).data[0];
  if (!flow || !template) throw new Error('The organization needs at least one flow and one message template.');

  const thread = await recrubo.messageThreads.create({ channel: 'whatsapp', identifier: phone });
  step('thread', `created ${short(thread.id)} (${thread.channel} ${thread.identifier})`);

  const run = await recrubo.flowRuns.create({
    flowId: flow.id,
    messageThreadId: thread.id,
    state: {},
    initialMessage: { type: 'template', template: { id: template.id, components: [] } },
  });
  step('flow run', `started ${short(run.id)} of flow "${flow.name}" with template "${template.name}": ${run.status}`);

  const status = await waitUntilDone(run.id);
  const done = await recrubo.flowRuns.retrieve(run.id);
  step('finished', `run ${short(run.id)} is ${status}, cost ${done.cost} credits`);

  const page = await recrubo.flowRuns.list({ filter: { status: ['finished', 'timeout'] }, sort: ['-createdAt', 'cost'], include: ['flow'], page: { size: 3 } });
  const first = page.data[0];
  step('list', `status finished|timeout, sort -createdAt,cost, include flow: ${page.data.length} of ${page.meta.total} on page 1/${page.meta.maxPage}; first on flow "${first?.flow?.name ?? '?'}"`);

  // Page by page (`iterate()` does the same, item by item).
  let pages = 1;
  let runs = page.data.length;
  for (let next = await page.nextPage(); next !== null; next = await next.nextPage()) {
    pages += 1;
    runs += next.data.length;
  }
  step('pages', `walked ${pages} pages with nextPage(): ${runs} runs`);

  const patched = await recrubo.flowRuns.update(run.id, { state: {} });
  step('patch', `run ${short(patched.id)}: state erased (${JSON.stringify(patched.state)}), status ${patched.status}`);

  await recrubo.flowRuns.delete(run.id);
  step('delete', `run ${short(run.id)} deleted`);

  try {
    await recrubo.flowRuns.retrieve(run.id);
    step('typed error', 'none: the deleted run is still there?');
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    step('typed error', `retrieve of the deleted run → ${error.name} ${error.status} "${error.title ?? error.message}"`);
  }
}

/** Collects webhook events on a local port with the SDK's Node handler. */
async function startWebhookReceiver(secret: string, onEvent: (event: WebhookEvent) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(createNodeWebhookHandler({ secret, onEvent }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface MainOptions {
  /** Where the lines go. Default `console.log`. */
  log?: (line: string) => void;
  /** The SDK's fetch (tests pass one that bypasses their HTTP interceptors). Default: global fetch. */
  fetch?: RecruboOptions['fetch'];
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
}

async function againstMock(log: (line: string) => void, fetch: RecruboOptions['fetch']): Promise<void> {
  const secret = `whsec_${Math.random().toString(36).slice(2)}`;
  const waiters = new Map<string, (status: string) => void>();
  // A webhook may beat the create() response home: remember how runs ended.
  const ended = new Map<string, string>();
  const receiver = await startWebhookReceiver(secret, (event) => {
    // The run's own webhooks (the mock also reports the thread, its conversation, the message…).
    if (event.resource.type !== 'flowRuns' || event.event === 'delete') return;
    const extra = event.event === 'update' ? ` (${event.fields?.join(', ')} changed)` : '';
    log(`${'  ← webhook'.padEnd(14)} ${event.event} flowRuns ${short(event.resource.id)}: ${event.resource.status}, cost ${event.resource.cost}${extra}`);
    if (!TERMINAL.has(event.resource.status)) return;
    ended.set(event.resource.id, event.resource.status);
    waiters.get(event.resource.id)?.(event.resource.status);
  });
  // A fast clock: the run starts after 100 ms and finishes 300 ms later.
  const mock = await startMockServer({ webhookUrl: receiver.url, webhookSecret: secret, timing: { flowRunStartMs: 100, flowRunRunMs: 300 } });
  log(`Recrubo quickstart against the embedded mock at ${mock.url} (set RECRUBO_API_KEY to use the real API)`);
  try {
    await quickstart({
      recrubo: new Recrubo({ apiKey: 'mock-key', baseUrl: mock.url, fetch }),
      phone: '31612345678',
      log,
      waitUntilDone: (runId) =>
        new Promise((resolve, reject) => {
          const status = ended.get(runId);
          if (status !== undefined) return resolve(status);
          const timer = setTimeout(() => reject(new Error(`No webhook said that run ${runId} finished within 10 s.`)), 10_000);
          waiters.set(runId, (status) => {
            clearTimeout(timer);
            resolve(status);
          });
        }),
    });
    await mock.idle();
  } finally {
    await mock.close();
    await receiver.close();
  }
}

async function againstApi(apiKey: string, log: (line: string) => void, fetch: RecruboOptions['fetch'], env: Record<string, string | undefined>): Promise<void> {
  const phone = env.RECRUBO_PHONE;
  if (!phone) throw new Error('Set RECRUBO_PHONE to the WhatsApp number (digits with country code) the example may message.');
  const recrubo = new Recrubo({ apiKey, baseUrl: env.RECRUBO_BASE_URL, fetch });
  log(`Recrubo quickstart against ${env.RECRUBO_BASE_URL ?? 'the production API'}`);
  await quickstart({
    recrubo,
    phone,
    flowId: env.RECRUBO_FLOW_ID,
    templateId: env.RECRUBO_TEMPLATE_ID,
    log,
    // No public webhook URL here: poll, gently (production code should use webhooks).
    async waitUntilDone(runId) {
      for (let waited = 0; waited < 10 * 60_000; waited += 5_000) {
        const run: FlowRun = await recrubo.flowRuns.retrieve(runId);
        if (TERMINAL.has(run.status)) return run.status;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
      throw new Error(`Run ${runId} did not finish within 10 minutes.`);
    },
  });
}

export async function main({ log = (line) => console.log(line), fetch, env = process.env }: MainOptions = {}): Promise<void> {
  const started = Date.now();
  const apiKey = env.RECRUBO_API_KEY;
  if (apiKey) await againstApi(apiKey, log, fetch, env);
  else await againstMock(log, fetch);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
