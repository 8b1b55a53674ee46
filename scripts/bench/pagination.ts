// `npm run bench` (part): the page walk with and without read-ahead, over real HTTP against a
// local server that answers each page after a fixed delay (network + server work), while the
// consumer awaits asynchronous work per item (as a database write would). Prints medians and ratios.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Recrubo } from '../../src';

const PAGES = 20;
const PAGE_SIZE = 25;
const SERVER_DELAY_MS = 15;
const WORK_PER_ITEM_MS = 1;
const ROUNDS = 5;

function run(i: number): Record<string, unknown> {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'flowRuns',
    attributes: { createdAt: '2024-08-20T10:45:03+00:00', updatedAt: '2024-08-20T10:45:03+00:00', flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {}, status: 'finished', cost: i },
    relationships: { flow: { links: { related: '/public/v2/flows/f' } }, messageThread: { links: { related: '/public/v2/message-threads/t' } } },
  };
}

const asyncWork = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const server = http.createServer((req, res) => {
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page[number]') ?? '1');
    const data = Array.from({ length: PAGE_SIZE }, (_, i) => run((page - 1) * PAGE_SIZE + i));
    const body = JSON.stringify({ data, meta: { total: PAGES * PAGE_SIZE, totalUnfiltered: PAGES * PAGE_SIZE, currentSize: PAGE_SIZE, currentPage: page, maxPage: PAGES } });
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/vnd.api+json' }).end(body), SERVER_DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const recrubo = new Recrubo({ apiKey: 'bench', baseUrl: `http://127.0.0.1:${port}/public/v2` });

  async function walk(readAhead: boolean): Promise<number> {
    const start = performance.now();
    let count = 0;
    for await (const item of recrubo.flowRuns.iterate({ page: { size: PAGE_SIZE }, readAhead })) {
      await asyncWork(WORK_PER_ITEM_MS);
      count += item.cost >= 0 ? 1 : 0;
    }
    if (count !== PAGES * PAGE_SIZE) throw new Error(`walked ${count} items`);
    return performance.now() - start;
  }

  const times: Record<'sequential' | 'readAhead', number[]> = { sequential: [], readAhead: [] };
  await walk(false); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    times.sequential.push(await walk(false));
    times.readAhead.push(await walk(true));
  }
  server.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const seq = median(times.sequential);
  const ahead = median(times.readAhead);
  const floor = PAGES * Math.max(SERVER_DELAY_MS, PAGE_SIZE * WORK_PER_ITEM_MS);
  console.log(`\nPage walk: ${PAGES} pages × ${PAGE_SIZE} items, server ${SERVER_DELAY_MS} ms/page, consumer ${WORK_PER_ITEM_MS} ms/item, median of ${ROUNDS} interleaved rounds`);
  console.log('| walk | median ms | vs sequential |');
  console.log('|---|---:|---:|');
  console.log(`| sequential (fetch, then consume) | ${seq.toFixed(0)} | 1.00× |`);
  console.log(`| readAhead: true | ${ahead.toFixed(0)} | ${(ahead / seq).toFixed(2)}× |`);
  console.log(`| overlap floor max(fetch, consume) per page | ${floor.toFixed(0)} | ${(floor / seq).toFixed(2)}× |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
