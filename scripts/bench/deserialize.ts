// Benchmark: `deserialize` against JSON.parse alone, hand-written floors and the JSON:API
// libraries jsona, kitsu-core and json-api-normalizer, on list documents of flow runs.
//
//   npx tsx scripts/bench/deserialize.ts            full run (a few minutes)
//   npx tsx scripts/bench/deserialize.ts --quick    smoke run (seconds)
//   options: --sizes 10,1000,10000,100000  --rounds 5  --peers recrubo,floor  --limit-s 45
//   (default sizes 10,1000,100000; --quick: 10,1000, one round)
//
// Every measurement is a fresh child process (scripts/bench/worker.ts, compiled to plain
// JavaScript first: see build.ts) for one peer and one size. Peers take turns within each
// round, in a rotating order, and the table shows medians over the rounds (5, or 3 from
// 10,000 runs on). Results go to stdout as Markdown (see docs/benchmarks.md); progress to stderr.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildForNode } from './build';
import { flowRunsDocument } from './fixtures';
import { PEER_NAMES, type PeerName } from './peers';

interface Options {
  sizes: number[];
  rounds: number;
  peers: PeerName[];
  limitSeconds: number;
  quick: boolean;
}

interface Sample {
  parseMs: number;
  workMs: number;
  gcMs: number;
  totalMs: number;
  retainedBytes: number;
}

type Outcome = { samples: Sample[]; timedOut: boolean; failed: string | undefined };

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value('--sizes') ?? (quick ? '10,1000' : '10,1000,100000')).split(',').map(Number);
  const peers = (value('--peers')?.split(',') ?? [...PEER_NAMES]) as PeerName[];
  for (const peer of peers) if (!PEER_NAMES.includes(peer)) throw new Error(`unknown peer ${peer}; peers: ${PEER_NAMES.join(', ')}`);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  return {
    sizes,
    peers,
    rounds: Number(value('--rounds') ?? (quick ? 1 : 5)),
    limitSeconds: Number(value('--limit-s') ?? (quick ? 20 : 45)),
    quick,
  };
}

/**
 * Timed repetitions per child: at most `reps`, and no more once they have taken `budgetMs`
 * (so the slow peers run fewer): enough for a stable median, few where one takes seconds.
 */
function repetitions(size: number, quick: boolean): { reps: number; budgetMs: number } {
  if (size <= 100) return { reps: quick ? 50 : 200, budgetMs: 1000 };
  if (size <= 1_000) return { reps: quick ? 10 : 50, budgetMs: 1000 };
  if (size <= 10_000) return { reps: quick ? 3 : 10, budgetMs: 1500 };
  return { reps: quick ? 1 : 3, budgetMs: 3500 };
}

/** Rounds per size: fewer from 10,000 runs on, where one child takes seconds. */
function roundsFor(size: number, options: Options): number {
  return size >= 10_000 ? Math.max(1, Math.min(options.rounds, 3)) : options.rounds;
}

function runChild(
  worker: string,
  peer: PeerName,
  file: string,
  { reps, budgetMs }: { reps: number; budgetMs: number },
  limitSeconds: number,
): Sample | 'timeout' | Error {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', worker, peer, file, String(reps), String(budgetMs)],
    { encoding: 'utf8', timeout: limitSeconds * 1000, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
  );
  if (child.error !== undefined && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return 'timeout';
  if (child.signal === 'SIGKILL') return 'timeout';
  if (child.status !== 0) return new Error(child.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const mb = (bytes: number) => (bytes / 1e6 >= 10 ? (bytes / 1e6).toFixed(1) : (bytes / 1e6).toFixed(2));
const ratio = (value: number, floor: number | undefined) =>
  floor === undefined || floor <= 0 ? '' : `${(value / floor).toFixed(2)}×`;

function table(size: number, outcomes: Map<PeerName, Outcome>, limitSeconds: number): string {
  const summary = (peer: PeerName) => {
    const outcome = outcomes.get(peer);
    if (outcome === undefined || outcome.samples.length === 0) return undefined;
    return {
      totalMs: median(outcome.samples.map((s) => s.totalMs)),
      workMs: median(outcome.samples.map((s) => s.workMs)),
      gcMs: median(outcome.samples.map((s) => s.gcMs)),
      retainedBytes: median(outcome.samples.map((s) => s.retainedBytes)),
    };
  };
  const floor = summary('floor');
  const floorLinks = summary('floor+links');
  const lines = [
    `#### ${size.toLocaleString('en-US')} flow runs`,
    '',
    '| peer | total ms | above JSON.parse ms | of which GC ms | above, vs floor | retained MB | retained, vs floor | retained, vs floor+links |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const [peer, outcome] of outcomes) {
    const s = summary(peer);
    if (s === undefined) {
      const why = outcome.timedOut ? `did not finish in ${limitSeconds} s` : `failed: ${outcome.failed ?? 'no result'}`;
      lines.push(`| ${peer} | ${why} | | | | | | |`);
      continue;
    }
    const isParse = peer === 'JSON.parse';
    lines.push(
      `| ${peer} | ${ms(s.totalMs)} | ${isParse ? '–' : ms(s.workMs)} | ${isParse ? '' : ms(s.gcMs)} | ${isParse ? '' : ratio(s.workMs, floor?.workMs)} | ${mb(s.retainedBytes)} | ${
        isParse ? '' : ratio(s.retainedBytes, floor?.retainedBytes)
      } | ${isParse ? '' : ratio(s.retainedBytes, floorLinks?.retainedBytes)} |`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const directory = mkdtempSync(join(tmpdir(), 'recrubo-bench-'));
  const root = join(__dirname, '..', '..');
  // Inside the repository (in the git-ignored .tmp/), so the build resolves node_modules.
  const buildDirectory = join(root, '.tmp', `bench-build-${process.pid}`);
  const worker = buildForNode(root, join(__dirname, 'worker.ts'), buildDirectory);
  // Per peer and size: µs per flow run above JSON.parse, and the same without GC pauses.
  const perRun = new Map<PeerName, Map<number, { all: number; withoutGc: number }>>();
  const started = Date.now();
  try {
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      `Node ${process.version}, ${cpus().length} × ${cpu}, ${new Date().toISOString().slice(0, 10)}; ` +
        `rounds ${options.rounds}${options.quick ? ' (--quick)' : ''}; medians over rounds of each child's median over its repetitions.\n\n`,
    );
    for (const size of options.sizes) {
      const file = join(directory, `flow-runs-${size}.json`);
      writeFileSync(file, JSON.stringify(flowRunsDocument(size)));
      const outcomes = new Map<PeerName, Outcome>(options.peers.map((p) => [p, { samples: [], timedOut: false, failed: undefined }]));
      const rounds = roundsFor(size, options);
      const reps = repetitions(size, options.quick);
      for (let round = 0; round < rounds; round++) {
        // Rotate the order so no peer always runs first (or right after the slowest one).
        const order = options.peers.map((_, i) => options.peers[(i + round) % options.peers.length] as PeerName);
        for (const peer of order) {
          const outcome = outcomes.get(peer) as Outcome;
          if (outcome.timedOut || outcome.failed !== undefined) continue;
          process.stderr.write(`size ${size} round ${round + 1}/${rounds}: ${peer}…\n`);
          const result = runChild(worker, peer, file, reps, options.limitSeconds);
          if (result === 'timeout') outcome.timedOut = true;
          else if (result instanceof Error) outcome.failed = result.message;
          else outcome.samples.push(result);
        }
      }
      rmSync(file);
      process.stdout.write(`${table(size, outcomes, options.limitSeconds)}\n\n`);
      for (const [peer, outcome] of outcomes) {
        if (outcome.samples.length === 0) continue;
        if (!perRun.has(peer)) perRun.set(peer, new Map());
        perRun.get(peer)?.set(size, {
          all: (median(outcome.samples.map((s) => s.workMs)) * 1000) / size,
          withoutGc: (median(outcome.samples.map((s) => s.workMs - s.gcMs)) * 1000) / size,
        });
      }
    }
    // Growth: cost above JSON.parse per flow run at each size > 100, smallest against largest.
    const measured = options.sizes.filter((n) => n > 100).sort((a, b) => a - b);
    if (measured.length >= 2) {
      const small = measured[0] as number;
      const large = measured[measured.length - 1] as number;
      const at = (n: number) => n.toLocaleString('en-US');
      const lines = [
        `#### Growth: µs per flow run above JSON.parse (in brackets: without GC pauses); 1.00× = linear`,
        '',
        `| peer | ${measured.map(at).join(' | ')} | growth ${at(small)} → ${at(large)} | without GC |`,
        `|---|${measured.map(() => '--:|').join('')}--:|--:|`,
      ];
      for (const [peer, bySize] of perRun) {
        if (peer === 'JSON.parse') continue;
        const cells = measured.map((n) => {
          const v = bySize.get(n);
          return v === undefined ? 'did not finish' : `${v.all.toFixed(2)} (${v.withoutGc.toFixed(2)})`;
        });
        const a = bySize.get(small);
        const b = bySize.get(large);
        const growth = (x: number | undefined, y: number | undefined) => (x !== undefined && y !== undefined ? `${(y / x).toFixed(2)}×` : '');
        lines.push(`| ${peer} | ${cells.join(' | ')} | ${growth(a?.all, b?.all)} | ${growth(a?.withoutGc, b?.withoutGc)} |`);
      }
      process.stdout.write(`${lines.join('\n')}\n\n`);
    }
    process.stdout.write(`Took ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
    rmSync(buildDirectory, { recursive: true, force: true });
    try {
      rmdirSync(dirname(buildDirectory)); // only if nothing else lives in .tmp/
    } catch {
      // not empty: leave it
    }
  }
}

main();
