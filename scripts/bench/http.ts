// `npm run bench:http`: the SDK over real HTTP against raw fetch, openapi-fetch alone and a
// plain node:http keep-alive client. A local server on 127.0.0.1 in its own process
// (http-server.ts) serves FlowRun documents; the clients (http-client.ts) run in another,
// interleaved over several rounds after a warm-up. Prints medians and ratios as Markdown
// (recorded in docs/benchmarks.md).
//
//   npm run bench:http                            2,000 requests, 16 in flight, 200 pages, 7 rounds
//   npx tsx scripts/bench/http.ts --quick         a smoke run (seconds)
//   options: --requests 2000 --concurrency 16 --pages 200 --page-size 25 --latency-ms 2 --work-ms 2 --rounds 7
//
// Both children run plain JavaScript bundled by esbuild from src/ (as a user's bundle would
// be), not through tsx, whose output is slower than what users run (see build.ts here).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build, type Plugin } from 'esbuild';
import type { ClientName, ClientSettings, Scenario } from './http-client';

const ROOT = resolve(__dirname, '../..');

interface Options extends Omit<ClientSettings, 'port'> {
  quick: boolean;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return {
    quick,
    requests: value('requests', quick ? 200 : 2000),
    concurrency: value('concurrency', 16),
    pages: value('pages', quick ? 20 : 200),
    pageSize: value('page-size', 25),
    latencyMs: value('latency-ms', 2),
    workMs: value('work-ms', 2),
    rounds: value('rounds', quick ? 2 : 7),
  };
}

/** The validators are never loaded here (validation is off); keep 1.4 MB out of the client. */
const validatorsExternal: Plugin = {
  name: 'validators-external',
  setup(b) {
    b.onResolve({ filter: /generated\/validators$/ }, (args) => ({ path: args.path, external: true }));
  },
};

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({ entryPoints: [join(__dirname, entry)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', plugins: [validatorsExternal], logLevel: 'warning' });
}

function startServer(file: string, pages: number, latencyMs: number): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [file, ROOT, String(pages), String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolvePromise({ port: (JSON.parse(line) as { port: number }).port, child }));
  });
}

function runClients(file: string, settings: ClientSettings): Promise<Record<Scenario, Partial<Record<ClientName, number[]>>>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [file, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolvePromise(JSON.parse(output)) : reject(new Error(`the clients exited with ${code}`))));
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const TITLES: Record<Scenario, (o: Options) => string> = {
  sequential: (o) => `${o.requests.toLocaleString('en')} sequential requests (GET /flow-runs/{id}: \`flowRuns.retrieve\`)`,
  concurrent: (o) => `${o.requests.toLocaleString('en')} requests, ${o.concurrency} in flight`,
  walk: (o) => `A ${o.pages}-page walk (${o.pageSize} runs a page: \`flowRuns.iterate\`)`,
  'walk-latency': (o) =>
    `The same walk, each page ${o.latencyMs} ms away (server latency), the consumer awaiting ${o.workMs} ms of work per page (sequential floor: ${o.pages} × ${o.latencyMs + o.workMs} ms = ${o.pages * (o.latencyMs + o.workMs)} ms)`,
};

function table(scenario: Scenario, rows: Partial<Record<ClientName, number[]>>, options: Options): string {
  const raw = median(rows['raw fetch + res.json()'] ?? [NaN]);
  const openapi = median(rows['openapi-fetch'] ?? [NaN]);
  const walk = scenario === 'walk' || scenario === 'walk-latency';
  const unit = walk ? options.pages : options.requests;
  const lines = [
    `#### ${TITLES[scenario](options)}`,
    '',
    `| client | median ms | µs per ${walk ? 'page' : 'request'} | × raw fetch | × openapi-fetch | spread (min–max ms) |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [name, samples] of Object.entries(rows) as [ClientName, number[]][]) {
    const ms = median(samples);
    const spread = `${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)}`;
    lines.push(`| ${name} | ${ms.toFixed(1)} | ${((ms * 1000) / unit).toFixed(0)} | ${(ms / raw).toFixed(2)} | ${(ms / openapi).toFixed(2)} | ${spread} |`);
  }
  return lines.join('\n');
}

function verdicts(results: Record<Scenario, Partial<Record<ClientName, number[]>>>, options: Options): string {
  const m = (scenario: Scenario, client: ClientName) => median(results[scenario][client] ?? [NaN]);
  const lines: string[] = ['#### Targets', ''];
  for (const scenario of ['sequential', 'concurrent'] as const) {
    const overhead = m(scenario, 'recrubo') / m(scenario, 'openapi-fetch');
    lines.push(`- ${scenario}: \`flowRuns.retrieve\` is ${overhead.toFixed(2)}× openapi-fetch (target ≤ 1.05): ${overhead <= 1.05 ? 'met' : 'NOT met'}`);
    const node = m(scenario, 'recrubo + createNodeFetch()') / m(scenario, 'raw fetch + res.json()');
    lines.push(`- ${scenario}: \`flowRuns.retrieve\` over \`createNodeFetch()\` is ${node.toFixed(2)}× raw fetch (stretch target < 1): ${node < 1 ? 'met' : 'NOT met'}`);
  }
  const floor = options.pages * (options.latencyMs + options.workMs);
  for (const client of ['recrubo, readAhead', 'recrubo + createNodeFetch(), readAhead'] as const) {
    const walk = m('walk-latency', client);
    const raw = m('walk-latency', 'raw fetch + res.json()');
    lines.push(
      `- walk with latency and work: ${client} takes ${walk.toFixed(0)} ms, ${(walk / floor).toFixed(2)}× the sequential floor (${floor} ms) and ${(walk / raw).toFixed(2)}× the sequential raw-fetch walk (target < 1× the floor): ${walk < floor ? 'met' : 'NOT met'}`,
    );
  }
  const cpuBound = m('walk', 'recrubo, readAhead') / m('walk', 'recrubo');
  lines.push(`- walk, no latency and no work (CPU-bound): readAhead is ${cpuBound.toFixed(2)}× the walk without it (nothing to overlap but the server's own work)`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const temp = mkdtempSync(join(tmpdir(), 'recrubo-bench-http-'));
  let server: ChildProcess | undefined;
  try {
    await Promise.all([bundle('http-server.ts', join(temp, 'server.cjs')), bundle('http-client.ts', join(temp, 'client.cjs'))]);
    const started = await startServer(join(temp, 'server.cjs'), options.pages, options.latencyMs);
    server = started.child;
    server.removeAllListeners('exit');
    const results = await runClients(join(temp, 'client.cjs'), { ...options, port: started.port });
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`### HTTP: the SDK against raw fetch and openapi-fetch\n`);
    console.log(`Node ${process.version}, ${cpus().length} × ${cpu}; server and clients in separate processes on 127.0.0.1; medians of ${options.rounds} interleaved rounds after a warm-up.\n`);
    for (const scenario of ['sequential', 'concurrent', 'walk', 'walk-latency'] as const) console.log(`${table(scenario, results[scenario], options)}\n`);
    console.log(verdicts(results, options));
  } finally {
    server?.kill('SIGTERM');
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
