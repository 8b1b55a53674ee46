// contracts:live, offline: a server on 127.0.0.1 plays a Recrubo API that has drifted (an
// extra attribute, a missing one, an unknown enum value, a wrong type, an HTML 502), and the
// runner must name each drift, keep the key and personal data out of the recordings, and exit
// non-zero. Once through the function, once through the CLI with environment variables.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadBundledSpec } from '../../contracts/support/spec';
import { REDACTED_ATTRIBUTES } from '../../scripts/contracts-live/redact';
import { runLiveContracts, type LiveReport, type OperationResult } from '../../scripts/contracts-live/runner';
import { ROOT } from '../../scripts/spec-files';
import { loopbackFetch } from '../support/loopback-fetch';

type Json = Record<string, any>;
const KEY = 'rk_test_LIVE_SECRET_9911';
const MT = 'application/vnd.api+json';
const BASE = '/public/v2';
const spec = loadBundledSpec();
// Personal data the server sends; none of it may reach a recording.
const PERSONAL = ['Jane', 'Drift-Doe', 'jane.doe@example.com', '31612345678', '1011 AB', 'I have a driving licence', 'whatsapp:+31699999999'];
const LIST_META = { total: 1, totalUnfiltered: 1, currentSize: 5, currentPage: 1, maxPage: 1 };
const CANDIDATE_ID = '0e0c4a5e-8d1f-4d5e-9a5b-2f1e7c3d9b10';

/** A documented example, by operation and example name, as the spec embeds it. */
function example(pathName: string, name: string): Json {
  const ref: string = (spec as Json).paths[pathName].get.responses['200'].content[MT].examples[name].$ref;
  return structuredClone((spec as Json).components.examples[ref.split('/').pop()!].value) as Json;
}

function flowRunsList(drifted: boolean): Json {
  const doc = example('/flow-runs', 'listed');
  doc.data[0].attributes.state = { candidateName: 'Jane Drift-Doe', answer: 'I have a driving licence' };
  // `included` is a union (flows | messageThreads): drift inside it must be named, not drowned.
  doc.included = [example('/flow-runs/{id}', 'includingFlow').included[0]];
  if (drifted) {
    doc.included[0].attributes.reminderStyle = 'gentle'; // undocumented attribute inside a union
    doc.data[0].attributes.nickname = 'Jane';           // undocumented attribute
    delete doc.data[1].attributes.cost;                 // missing attribute
    doc.data[2].attributes.status = 'paused';           // unknown enum value
    doc.data[0].attributes.createdAt = 1724150702;      // type mismatch
  }
  return doc;
}

function candidate(): Json {
  return {
    id: CANDIDATE_ID,
    type: 'candidates',
    attributes: {
      createdAt: '2024-08-20T10:45:02+00:00',
      updatedAt: '2024-08-20T10:45:02+00:00',
      deletedAt: null,
      firstName: 'Jane',
      lastName: 'Drift-Doe',
      email: 'jane.doe@example.com',
      phone: '31612345678',
      postalCode: '1011 AB',
      candidateStatusId: null,
    },
    relationships: { candidateStatus: { links: { related: null } } },
  };
}

function thread(): Json {
  const related = (to: string) => ({ links: { related: `${BASE}/${to}` } });
  return {
    id: '7135853f-26ac-4a65-9044-cab092806249',
    type: 'messageThreads',
    attributes: { createdAt: '2024-08-20T10:45:02+00:00', updatedAt: '2024-08-20T10:45:02+00:00', channel: 'whatsapp', identifier: 'whatsapp:+31699999999', candidateId: null, chatbotPaused: false },
    relationships: { candidate: { links: { related: null } }, flowRuns: related('flow-runs'), messages: related('messages'), conversation: related('conversations') },
  };
}

interface Served {
  origin: string;
  requests: { url: string; headers: http.IncomingHttpHeaders; method: string }[];
  close(): Promise<void>;
}

/** The fake API. `drifted: false` answers everything as the spec says. */
async function serve(drifted: boolean): Promise<Served> {
  const requests: Served['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers, method: req.method ?? '' });
    const send = (status: number, body: unknown, type = MT): void => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${KEY}`) return send(401, { errors: [{ status: '401', title: 'Unauthorized' }] });
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = pathname.slice(BASE.length);
    if (route === '/flow-runs') return send(200, flowRunsList(drifted));
    if (route.startsWith('/flow-runs/')) return send(200, { data: flowRunsList(false).data[0], meta: {} });
    if (route === '/candidates') return send(200, { data: [candidate()], meta: LIST_META });
    if (route === `/candidates/${CANDIDATE_ID}`) {
      // A proxy's error page, which even echoes the request's Authorization header.
      if (drifted) return send(502, `<html><body>Bad gateway. Debug: Authorization=Bearer ${KEY}</body></html>`, 'text/html; charset=utf-8');
      return send(200, { data: candidate(), meta: {} });
    }
    if (route === '/message-threads') return send(200, { data: [thread()], meta: LIST_META });
    if (route.startsWith('/message-threads/')) return send(200, { data: thread(), meta: {} });
    return send(200, { data: [], meta: { ...LIST_META, total: 0, totalUnfiltered: 0, maxPage: 0 } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const byId = (report: LiveReport, id: string): OperationResult => {
  const op = report.operations.find((o) => o.operationId === id);
  if (!op) throw new Error(`no result for ${id}: ${report.operations.map((o) => o.operationId).join(', ')}`);
  return op;
};
const described = (op: OperationResult): string[] => op.findings.map((f) => `${f.kind}: ${f.name}${f.resourceType ? ` on ${f.resourceType}` : ''} at ${f.at}`);
const readAll = (dir: string): string => fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');

describe('contracts:live against a drifted local server', () => {
  let server: Served;
  let recordings: string;
  let report: LiveReport;

  beforeAll(async () => {
    server = await serve(true);
    recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'live-recordings-'));
    report = await runLiveContracts({ baseUrl: `${server.origin}${BASE}`, apiKey: KEY, fetch: loopbackFetch, spec, recordingsDir: recordings });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(recordings, { recursive: true, force: true });
  });

  it('names each kind of schema drift, per operation', () => {
    expect(report.drift).toBe(true);
    const list = described(byId(report, 'listFlowRuns'));
    expect(list).toEqual(expect.arrayContaining([
      'undocumented attribute: nickname on flowRuns at data[].attributes.nickname',
      'missing attribute: cost on flowRuns at data[].attributes.cost',
      'unknown enum value: paused on flowRuns at data[].attributes.status',
      'type mismatch: createdAt on flowRuns at data[].attributes.createdAt',
      'undocumented attribute: reminderStyle on flows at included[].attributes.reminderStyle',
    ]));
    expect(list).toHaveLength(5); // and nothing else: no noise from the variants of `included` it is not
    expect(byId(report, 'retrieveFlowRun').findings).toEqual([]);
  });

  it('names an HTML 502: unexpected status, unexpected content type, unparseable body', () => {
    const retrieve = byId(report, 'retrieveCandidate');
    expect(retrieve.status).toBe(502);
    expect(retrieve.findings.map((f) => `${f.kind}: ${f.name}`)).toEqual(expect.arrayContaining([
      'unexpected status: 502',
      'unexpected content type: text/html',
      'unparseable body: text/html; charset=utf-8',
    ]));
    expect(byId(report, 'listCandidates').findings).toEqual([]);
  });

  it('makes only read-only calls with the key, page[size]=5 and every documented include', () => {
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(r.headers.accept).toBe(MT);
    }
    const urls = server.requests.map((r) => decodeURIComponent(r.url));
    expect(urls).toContain(`${BASE}/flow-runs?page[size]=5&include=flow,messageThread`);
    expect(urls).toContain(`${BASE}/flow-runs/11948e49-4480-4cf7-85dd-92fcba2ea8d8?include=flow,messageThread`);
    expect(urls).toContain(`${BASE}/message-threads?page[size]=5&include=candidate,conversation,flowRuns,messages`);
    // An empty list has nothing to retrieve; the partner-key routes need a partner key.
    expect(byId(report, 'retrieveFlow').skipped).toMatch(/empty/);
    expect(byId(report, 'listManagementOrganizations').skipped).toMatch(/RECRUBO_PARTNER_KEY/);
    expect(urls.some((u) => u.includes('/management/'))).toBe(false);
  });

  it('writes recordings without the key or any personal data, keeping their shape', () => {
    const all = readAll(recordings);
    expect(all).not.toContain(KEY);
    for (const value of PERSONAL) expect(all).not.toContain(value);
    const candidates = JSON.parse(fs.readFileSync(path.join(recordings, 'listCandidates.json'), 'utf8')) as Json;
    expect(candidates.response.body.data[0].attributes).toEqual({
      createdAt: '2024-08-20T10:45:02+00:00',
      updatedAt: '2024-08-20T10:45:02+00:00',
      deletedAt: null,
      firstName: '[redacted]',
      lastName: '[redacted]',
      email: 'redacted@example.invalid',
      phone: '+00000000000',
      postalCode: '[redacted]',
      candidateStatusId: null,
    });
    const runs = JSON.parse(fs.readFileSync(path.join(recordings, 'listFlowRuns.json'), 'utf8')) as Json;
    expect(runs.response.body.data[0].attributes.state).toEqual({ candidateName: '[redacted]', answer: '[redacted]' });
    expect(runs.response.body.data[0].attributes.nickname).toBe('[redacted]'); // undocumented: redacted too
    expect(runs.drift.map((f: Json) => f.name)).toEqual(expect.arrayContaining(['nickname', 'cost', 'paused', 'createdAt']));
    const gateway = JSON.parse(fs.readFileSync(path.join(recordings, 'retrieveCandidate.json'), 'utf8')) as Json;
    expect(gateway.response.bodyPreview).toContain('Bad gateway');
    expect(gateway.response.bodyPreview).toContain('[redacted-api-key]');
  });

  it('keeps the list of redacted attributes in one place, covering candidates, users and messages', () => {
    expect(REDACTED_ATTRIBUTES.candidates).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email', 'phone']));
    expect(REDACTED_ATTRIBUTES.users).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email', 'phone']));
    expect(REDACTED_ATTRIBUTES.messageThreads).toContain('identifier');
    expect(REDACTED_ATTRIBUTES.messages).toContain('payload');
  });
});

describe('contracts:live when the API matches the spec', () => {
  it('reports no drift', async () => {
    const server = await serve(false);
    try {
      const report = await runLiveContracts({ baseUrl: `${server.origin}${BASE}`, apiKey: KEY, fetch: loopbackFetch, spec, recordingsDir: null });
      expect(report.operations.filter((o) => o.findings.length > 0).map(described)).toEqual([]);
      expect(report.drift).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('npm run contracts:live (the CLI, configured by environment variables)', () => {
  const run = promisify(execFile);
  const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const CLI = path.join(ROOT, 'scripts', 'contracts-live.ts');
  const cli = async (env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const { RECRUBO_API_KEY: _drop, RECRUBO_BASE_URL: _drop2, RECRUBO_PARTNER_KEY: _drop3, ...rest } = process.env;
    try {
      const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...rest, ...env }, cwd: ROOT });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exits 1 on drift, naming it, and 0 with no key set', async () => {
    const server = await serve(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-cli-'));
    try {
      const [drift, noKey] = await Promise.all([
        cli({ RECRUBO_API_KEY: KEY, RECRUBO_BASE_URL: `${server.origin}${BASE}` }, ['--recordings-dir', dir]),
        cli({}, ['--recordings-dir', dir]),
      ]);
      expect(drift.code).toBe(1);
      expect(drift.stdout).toContain('listFlowRuns');
      expect(drift.stdout).toMatch(/undocumented attribute: nickname on flowRuns/);
      expect(drift.stdout).toMatch(/unexpected status: 502/);
      expect(drift.stdout + drift.stderr).not.toContain(KEY);
      expect(readAll(dir)).not.toContain(KEY);
      expect(noKey.code).toBe(0);
      expect(noKey.stdout).toMatch(/RECRUBO_API_KEY is not set/);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
