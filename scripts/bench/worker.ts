// One measurement: one peer, one document, in a fresh process (run with --expose-gc).
// Prints one JSON line: medians of parse / work / total milliseconds over `reps`
// timed repetitions (after one untimed warm-up), and the heap the last result retains after GC.
// The runner (deserialize.ts) compiles it first (build.ts); by hand, for a quick look:
//   node --expose-gc --import tsx scripts/bench/worker.ts <peer> <document.json> <reps>
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadPeer, PEER_NAMES, type Peer, type PeerName } from './peers';

interface Holder {
  document: unknown;
  result: unknown;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// A function of its own so that nothing but `holder` can keep the document or the result
// alive once it returns (an interpreter register of a loop body would).
function runOnce(peer: Peer, text: string, holder: Holder): [parseMs: number, workMs: number] {
  const t0 = performance.now();
  const document: unknown = JSON.parse(text);
  const t1 = performance.now();
  holder.document = document;
  holder.result = peer(document);
  const t2 = performance.now();
  return [t1 - t0, t2 - t1];
}

// Also a function of its own: a `const` in a loop body keeps its last value in a register
// into the next iteration, which would hold the previous result while `before` is read.
function measureRep(peer: Peer, text: string, gc: () => void, measureMemory: boolean) {
  // Every repetition starts from a collected heap, so none pays for another's garbage.
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const holder: Holder = { document: undefined, result: undefined };
  const [parseMs, workMs] = runOnce(peer, text, holder);
  holder.document = undefined;
  let retainedBytes = 0;
  if (measureMemory) {
    gc();
    gc();
    retainedBytes = process.memoryUsage().heapUsed - before;
  }
  // Reading the holder here keeps the result alive until after the measurement.
  if (holder.result === null) retainedBytes += 0;
  return { parseMs, workMs, retainedBytes };
}

async function main(): Promise<void> {
  const [peerName, file, repsArg] = process.argv.slice(2);
  if (!PEER_NAMES.includes(peerName as PeerName) || file === undefined) {
    throw new Error(`usage: worker.ts <${PEER_NAMES.join('|')}> <document.json> <reps>`);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const peer = await loadPeer(peerName as PeerName);
  const text = readFileSync(file, 'utf8');
  const reps = Math.max(1, Number(repsArg ?? 1));
  const parse: number[] = [];
  const work: number[] = [];
  let retainedBytes = 0;
  // A first, untimed run warms the JIT. Its document and result stay alive, as in a process
  // that has handled responses before: the hidden classes (maps) they use stay alive too.
  // Otherwise the forced GC before each repetition would collect them, and every repetition
  // would deoptimise ("weak objects") and re-learn them, which a real process, where full
  // GCs are rare, does not.
  const warm: Holder = { document: undefined, result: undefined };
  runOnce(peer, text, warm);
  for (let rep = 0; rep < reps; rep++) {
    const measured = measureRep(peer, text, gc, rep === reps - 1);
    parse.push(measured.parseMs);
    work.push(measured.workMs);
    retainedBytes = measured.retainedBytes;
  }
  if (warm.result === null) process.stdout.write('');
  const total = parse.map((p, i) => p + work[i]!);
  process.stdout.write(
    `${JSON.stringify({ parseMs: median(parse), workMs: median(work), totalMs: median(total), retainedBytes })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
