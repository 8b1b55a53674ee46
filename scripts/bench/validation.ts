// The cost of `validateResponses`: 1,000 `flowRuns.list()` calls through the whole SDK
// (transport, openapi-fetch, parsing, deserialisation) against an in-memory fetch, with
// validation off, 'warn' and 'throw', on a spec-valid page of 25 runs and on a page that
// has drifted. Prints medians over several rounds and the ratios to 'off'.
//   npx tsx scripts/bench/validation.ts [runs=1000] [rounds=5] [pageSize=25]
import { performance } from 'node:perf_hooks';
import example from '../../contracts/examples/flowRuns.list.200.json';
import { validators } from '../../generated/validators';
import { Recrubo, type ValidateResponsesMode } from '../../src';

const RUNS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);
const PAGE_SIZE = Number(process.argv[4] ?? 25);

type Json = Record<string, unknown>;

function page(size: number, drifted: boolean): string {
  const template = example.data[0] as unknown as Json;
  const data = Array.from({ length: size }, (_, i) => {
    const run = JSON.parse(JSON.stringify(template)) as { id: string; attributes: Json };
    run.id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    if (drifted) {
      run.attributes.status = 'paused';
      run.attributes.priority = 1;
    }
    return run;
  });
  return JSON.stringify({ data, meta: { total: size, totalUnfiltered: size, currentSize: size, currentPage: 1, maxPage: 1 } });
}

function client(mode: ValidateResponsesMode, body: string): Recrubo {
  return new Recrubo({
    apiKey: 'rk_bench',
    validateResponses: mode,
    onResponseDrift: () => undefined,
    fetch: async () => new Response(body, { status: 200, headers: { 'Content-Type': 'application/vnd.api+json' } }),
  });
}

async function timeRuns(recrubo: Recrubo): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await recrubo.flowRuns.list();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const valid = page(PAGE_SIZE, false);
  const drifted = page(PAGE_SIZE, true);
  const variants: Array<[name: string, recrubo: Recrubo]> = [
    ['off', client('off', valid)],
    ['warn', client('warn', valid)],
    ['throw', client('throw', valid)],
    ['warn, drifted page', client('warn', drifted)],
  ];
  const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  // Warm-up: JIT, the lazy load of generated/validators.js.
  for (const [, recrubo] of variants) for (let i = 0; i < 200; i++) await recrubo.flowRuns.list();
  for (let round = 0; round < ROUNDS; round++) {
    // Rotating the order keeps GC and JIT drift from favouring one variant.
    for (let k = 0; k < variants.length; k++) {
      const [name, recrubo] = variants[(round + k) % variants.length]!;
      samples.get(name)!.push(await timeRuns(recrubo));
    }
  }
  // The validator alone, on the parsed page: what validation adds to a call, without the noise of the rest.
  const validate = validators['listFlowRuns 200']!;
  const parsed = { valid: JSON.parse(valid) as unknown, drifted: JSON.parse(drifted) as unknown };
  const alone: Record<'valid' | 'drifted', number[]> = { valid: [], drifted: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['valid', 'drifted'] as const) {
      const start = performance.now();
      for (let i = 0; i < RUNS; i++) validate(parsed[kind]);
      alone[kind].push(performance.now() - start);
    }
  }
  const base = median(samples.get('off')!);
  console.log(`flowRuns.list() x ${RUNS}, page of ${PAGE_SIZE} (${(valid.length / 1024).toFixed(1)} KiB), median of ${ROUNDS} rounds, Node ${process.version}`);
  console.log('validateResponses        total ms   per call µs   vs off');
  for (const [name] of variants) {
    const ms = median(samples.get(name)!);
    console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(8)}   ${((ms * 1000) / RUNS).toFixed(1).padStart(11)}   ${(ms / base).toFixed(2)}x`);
  }
  for (const kind of ['valid', 'drifted'] as const) {
    const ms = median(alone[kind]);
    console.log(`validator alone, ${kind.padEnd(7)} ${ms.toFixed(1).padStart(8)}   ${((ms * 1000) / RUNS).toFixed(1).padStart(11)}   ${((ms / base) * 100).toFixed(1)}% of a call`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
