// One measurement: one peer, one document, in a fresh process (run with --expose-gc).
// Prints one JSON line with medians over up to `reps` timed repetitions (after one untimed
// warm-up; fewer once the repetitions have taken `budget-ms`): JSON.parse ms, the peer's ms
// ("work"), GC pauses within the work, and the heap the last result retains after a full GC.
// The runner (deserialize.ts) compiles it first (build.ts); by hand, for a quick look:
//   node --expose-gc --import tsx scripts/bench/worker.ts <peer> <document.json> <reps> [budget-ms]
import { readFileSync } from 'node:fs';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { loadPeer, PEER_NAMES, type Peer, type PeerName } from './peers';

interface Holder {
  document: unknown;
  result: unknown;
}

interface Repetition {
  parseMs: number;
  workMs: number;
  gcMs: number;
  retainedBytes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// GC pauses, as the runtime reports them (asynchronously, hence the wait before reading them).
const gcPauses: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ['gc'] });

// A function of its own so that nothing but `holder` keeps the document or the result
// alive once it returns (an interpreter register of the caller would).
function runOnce(peer: Peer, text: string, holder: Holder): [start: number, parsed: number, end: number] {
  const t0 = performance.now();
  const document: unknown = JSON.parse(text);
  const t1 = performance.now();
  holder.document = document;
  holder.result = peer(document);
  return [t0, t1, performance.now()];
}

function measureRep(peer: Peer, text: string, gc: () => void, measureMemory: boolean): Repetition & { workStart: number } {
  // Every repetition starts from a collected heap, so none pays for another's garbage.
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const holder: Holder = { document: undefined, result: undefined };
  const [t0, t1, t2] = runOnce(peer, text, holder);
  holder.document = undefined;
  let retainedBytes = 0;
  if (measureMemory) {
    gc();
    gc();
    retainedBytes = process.memoryUsage().heapUsed - before;
  }
  // Reading the holder here keeps the result alive until after the measurement.
  if (holder.result === null) retainedBytes += 0;
  return { parseMs: t1 - t0, workMs: t2 - t1, gcMs: 0, retainedBytes, workStart: t1 };
}

async function main(): Promise<void> {
  const [peerName, file, repsArg, budgetArg] = process.argv.slice(2);
  if (!PEER_NAMES.includes(peerName as PeerName) || file === undefined) {
    throw new Error(`usage: worker.ts <${PEER_NAMES.join('|')}> <document.json> <reps> [budget-ms]`);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const peer = await loadPeer(peerName as PeerName);
  const text = readFileSync(file, 'utf8');
  const reps = Math.max(1, Number(repsArg ?? 1));
  const budgetMs = Number(budgetArg ?? Number.POSITIVE_INFINITY);
  // The warm-up's document and result stay alive, as in a process that has handled
  // responses before, so their hidden classes (maps) stay alive too. Otherwise the forced
  // GC before each repetition would collect them and every repetition would deoptimise
  // ("weak objects") and re-learn them, which a real process, where full GCs are rare, does not.
  const warm: Holder = { document: undefined, result: undefined };
  runOnce(peer, text, warm);
  const measured: (Repetition & { workStart: number })[] = [];
  const started = performance.now();
  for (let rep = 0; rep < reps; rep++) {
    const last = rep === reps - 1 || performance.now() - started > budgetMs;
    measured.push(measureRep(peer, text, gc, last));
    if (last) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const m of measured) {
    const end = m.workStart + m.workMs;
    m.gcMs = gcPauses.filter((p) => p.start >= m.workStart && p.start < end).reduce((sum, p) => sum + p.duration, 0);
  }
  if (warm.result === null) process.stdout.write('');
  const pick = (key: keyof Repetition) => median(measured.map((m) => m[key]));
  const total = median(measured.map((m) => m.parseMs + m.workMs));
  const retainedBytes = measured[measured.length - 1]!.retainedBytes;
  process.stdout.write(
    `${JSON.stringify({ parseMs: pick('parseMs'), workMs: pick('workMs'), gcMs: pick('gcMs'), totalMs: total, retainedBytes })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
