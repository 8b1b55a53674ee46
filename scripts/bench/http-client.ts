// The HTTP benchmark's clients (run by http.ts as plain JavaScript, bundled with esbuild, in a
// process of its own; the server is another process). Every scenario runs for every client in
// each round, the clients taking turns in a rotating order; one untimed warm-up round first.
// Prints one JSON line: { [scenario]: { [client]: ms per round } }.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import createClient from 'openapi-fetch';
import { Recrubo } from '../../src';
import { createNodeFetch } from '../../src/node';
import type { paths } from '../../src/spec-types';

export interface ClientSettings {
  port: number;
  /** Server latency of each page in the `walk-latency` scenario (the server applies it). */
  latencyMs: number;
  /** The consumer's asynchronous work per page in `walk-latency` (a batch written to a database, say). */
  workMs: number;
  requests: number;
  concurrency: number;
  pageSize: number;
  pages: number;
  rounds: number;
}

export const SCENARIOS = ['sequential', 'concurrent', 'walk', 'walk-latency'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const CLIENTS = [
  'raw fetch + res.json()',
  'openapi-fetch',
  'recrubo',
  'recrubo, readAhead',
  'node:http keep-alive + JSON.parse',
  'recrubo + createNodeFetch()',
  'recrubo + createNodeFetch(), readAhead',
] as const;
export type ClientName = (typeof CLIENTS)[number];

interface Client {
  /** One request of the single-resource scenarios; resolves to the run's id. */
  retrieve?(id: string): Promise<string>;
  /** Every page, `work` awaited after each; resolves to the number of runs seen. */
  walk?(work?: () => Promise<void>): Promise<number>;
}

const API_KEY = 'rk_bench_http';
const HEADERS = { Accept: 'application/vnd.api+json', Authorization: `Bearer ${API_KEY}` };
const runId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

interface PageDocument {
  data: { id: string }[];
  meta: { currentPage: number; maxPage: number };
}

function clients(settings: ClientSettings, prefix = ''): Record<ClientName, Client> {
  const baseUrl = `http://127.0.0.1:${settings.port}${prefix}/public/v2`;
  const pageUrl = (n: number) => `${baseUrl}/flow-runs?page[number]=${n}&page[size]=${settings.pageSize}`;

  const rawFetch: Client = {
    async retrieve(id) {
      const response = await fetch(`${baseUrl}/flow-runs/${id}`, { headers: HEADERS });
      return ((await response.json()) as { data: { id: string } }).data.id;
    },
    async walk(work) {
      let seen = 0;
      for (let n = 1; ; n++) {
        const document = (await (await fetch(pageUrl(n), { headers: HEADERS })).json()) as PageDocument;
        seen += document.data.length;
        await work?.();
        if (document.data.length === 0 || document.meta.currentPage >= document.meta.maxPage) return seen;
      }
    },
  };

  const openapi = createClient<paths>({ baseUrl, headers: HEADERS });
  const openapiFetch: Client = {
    async retrieve(id) {
      const { data } = await openapi.GET('/flow-runs/{id}', { params: { path: { id } } });
      return (data as { data: { id: string } }).data.id;
    },
    async walk(work) {
      let seen = 0;
      const list = openapi.GET as unknown as (path: string, init: object) => Promise<{ data?: PageDocument }>;
      for (let n = 1; ; n++) {
        const { data: document } = await list('/flow-runs', { params: { query: { page: { number: n, size: settings.pageSize } } } });
        seen += document!.data.length;
        await work?.();
        if (document!.data.length === 0 || document!.meta.currentPage >= document!.meta.maxPage) return seen;
      }
    },
  };

  const sdk = (fetch?: ReturnType<typeof createNodeFetch>, readAhead = false): Client => {
    const recrubo = new Recrubo({ apiKey: API_KEY, baseUrl, fetch, maxRetries: 0 });
    return {
      retrieve: readAhead ? undefined : async (id) => (await recrubo.flowRuns.retrieve(id)).id,
      async walk(work) {
        let seen = 0;
        for await (const run of recrubo.flowRuns.iterate({ page: { size: settings.pageSize }, readAhead })) {
          if (run.id) seen++;
          if (work && seen % settings.pageSize === 0) await work();
        }
        return seen;
      },
    };
  };

  const agent = new http.Agent({ keepAlive: true });
  const nodeGet = (url: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      http
        .get(url, { agent, headers: HEADERS }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          response.on('error', reject);
        })
        .on('error', reject);
    });
  const nodeHttp: Client = {
    async retrieve(id) {
      return ((await nodeGet(`${baseUrl}/flow-runs/${id}`)) as { data: { id: string } }).data.id;
    },
    async walk(work) {
      let seen = 0;
      for (let n = 1; ; n++) {
        const document = (await nodeGet(pageUrl(n))) as PageDocument;
        seen += document.data.length;
        await work?.();
        if (document.data.length === 0 || document.meta.currentPage >= document.meta.maxPage) return seen;
      }
    },
  };

  const nodeFetch = createNodeFetch();
  return {
    'raw fetch + res.json()': rawFetch,
    'openapi-fetch': openapiFetch,
    recrubo: sdk(),
    'recrubo, readAhead': sdk(undefined, true),
    'node:http keep-alive + JSON.parse': nodeHttp,
    'recrubo + createNodeFetch()': sdk(nodeFetch),
    'recrubo + createNodeFetch(), readAhead': sdk(nodeFetch, true),
  };
}

async function scenario(name: Scenario, client: Client, settings: ClientSettings, scale: number): Promise<number | undefined> {
  const requests = Math.max(1, Math.round(settings.requests * scale));
  const started = performance.now();
  if (name === 'walk' || name === 'walk-latency') {
    if (!client.walk) return undefined;
    const work = name === 'walk-latency' ? () => new Promise<void>((resolve) => setTimeout(resolve, settings.workMs)) : undefined;
    const seen = await client.walk(work);
    if (seen !== settings.pages * settings.pageSize) throw new Error(`the walk saw ${seen} runs, expected ${settings.pages * settings.pageSize}`);
  } else {
    const retrieve = client.retrieve;
    if (!retrieve) return undefined;
    const lanes = name === 'sequential' ? 1 : settings.concurrency;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < requests) {
          const id = runId(next++ % 1000);
          if ((await retrieve(id)) !== id) throw new Error(`expected run ${id}`);
        }
      }),
    );
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ClientSettings;
  const all = clients(settings);
  const slow = clients(settings, '/slow');
  const names = Object.keys(all) as ClientName[];
  const results: Record<string, Record<string, number[]>> = {};
  for (let round = -1; round < settings.rounds; round++) {
    for (const scenarioName of SCENARIOS) {
      // Rotate who goes first, so that no client always follows the same one.
      const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length]!);
      for (const clientName of order) {
        const ms = await scenario(scenarioName, (scenarioName === 'walk-latency' ? slow : all)[clientName], settings, round < 0 ? 0.25 : 1);
        if (ms === undefined || round < 0) continue;
        ((results[scenarioName] ??= {})[clientName] ??= []).push(ms);
      }
    }
    process.stderr.write(round < 0 ? 'warm-up done\n' : `round ${round + 1}/${settings.rounds} done\n`);
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(0); // keep-alive sockets
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
