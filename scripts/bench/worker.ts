// One measurement: one peer, one document, in a fresh process (run with --expose-gc).
// Prints one JSON line: medians of parse / work / total milliseconds over `reps`
// repetitions, and the heap the last result retains after GC.
//   node --expose-gc --import tsx scripts/bench/worker.ts <peer> <document.json> <reps>
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadPeer, PEER_NAMES, type PeerName } from './peers';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
  const total: number[] = [];
  let retained = 0;
  let keep: unknown;
  for (let rep = 0; rep < reps; rep++) {
    keep = undefined;
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    let document: unknown = JSON.parse(text);
    const t1 = performance.now();
    const result = peer(document);
    const t2 = performance.now();
    document = undefined;
    parse.push(t1 - t0);
    work.push(t2 - t1);
    total.push(t2 - t0);
    keep = result;
    if (rep === reps - 1) {
      gc();
      gc();
      retained = process.memoryUsage().heapUsed - before;
    }
  }
  // Read `keep` after the measurement so the result is provably alive during it.
  if (keep === null) process.stdout.write('');
  process.stdout.write(
    `${JSON.stringify({ parseMs: median(parse), workMs: median(work), totalMs: median(total), retainedBytes: retained })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
