// The HTTP benchmark's API (run by http.ts in its own process, so that its work does not share
// the client's event loop): FlowRun documents on 127.0.0.1, answered at once.
//   GET /public/v2/flow-runs/{id}                     one FlowRun (the documented example, id replaced)
//   GET /public/v2/flow-runs?page[number]=n&page[size]=s   page n of PAGES pages of s runs
//   the same under /slow/public/v2/…: each page answered LATENCY_MS later (a network away)
// Prints `{"port":…}` on stdout once listening.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const ROOT = process.argv[2] ?? process.cwd();
const PAGES = Number(process.argv[3] ?? 200);
const LATENCY_MS = Number(process.argv[4] ?? 2);
const HEADERS = { 'Content-Type': 'application/vnd.api+json' };

interface Document {
  data: { id: string; type: string; attributes: Record<string, unknown>; relationships?: unknown };
}

const example = JSON.parse(readFileSync(join(ROOT, 'contracts', 'examples', 'flowRuns.retrieve.200.json'), 'utf8')) as Document;
const runId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const run = (n: number) => ({ ...example.data, id: runId(n), attributes: { ...example.data.attributes, cost: n } });

const one = new Map<string, string>();
function single(id: string): string {
  let body = one.get(id);
  if (body === undefined) {
    body = JSON.stringify({ data: { ...example.data, id }, meta: {} });
    if (one.size < 10_000) one.set(id, body);
  }
  return body;
}

const pages = new Map<string, string>();
function page(number: number, size: number): string {
  const key = `${number}/${size}`;
  let body = pages.get(key);
  if (body === undefined) {
    const data = Array.from({ length: size }, (_, i) => run((number - 1) * size + i));
    const total = PAGES * size;
    body = JSON.stringify({ data, meta: { total, totalUnfiltered: total, currentSize: size, currentPage: number, maxPage: PAGES } });
    pages.set(key, body);
  }
  return body;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const slow = url.pathname.startsWith('/slow/');
  const pathname = slow ? url.pathname.slice('/slow'.length) : url.pathname;
  if (pathname === '/public/v2/flow-runs') {
    const number = Number(url.searchParams.get('page[number]') ?? 1);
    const size = Number(url.searchParams.get('page[size]') ?? 25);
    const body = number > PAGES ? JSON.stringify({ data: [], meta: { currentPage: number, maxPage: PAGES } }) : page(number, size);
    if (slow) setTimeout(() => res.writeHead(200, HEADERS).end(body), LATENCY_MS);
    else res.writeHead(200, HEADERS).end(body);
    return;
  }
  const match = /^\/public\/v2\/flow-runs\/([^/]+)$/.exec(pathname);
  if (match) res.writeHead(200, HEADERS).end(single(decodeURIComponent(match[1]!)));
  else res.writeHead(404, HEADERS).end(JSON.stringify({ errors: [{ status: '404', title: 'Not Found' }] }));
});
// Clients keep their connections for the whole run.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdin.on('end', () => process.exit(0)); // the parent went away
process.stdin.resume();
