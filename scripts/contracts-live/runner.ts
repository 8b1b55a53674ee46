// Live drift: read-only calls against a real Recrubo server, each response validated against
// the spec and named per operation. For every resource of src/resources/table.ts that has
// `list`: page 1 with page[size]=5 and every include the spec documents for the list, then the
// first item with every include its retrieve documents. Only GETs, never a redirect followed.
import fs from 'node:fs';
import path from 'node:path';
import {
  MEDIA_TYPE,
  createSpecValidator,
  loadBundledSpec,
  operations as specOperations,
  schemaRef,
  type Operation,
  type SpecValidator,
} from '../../contracts/support/spec';
import { serializeQuery } from '../../src/jsonapi/query';
import { RESOURCES, type ResourceDefinition } from '../../src/resources/table';
import { deref, isObject, type Json } from '../spec-diff/refs';
import { ROOT } from '../spec-files';
import { schemaDrift, type Finding } from './drift';
import { documentedAttributes, redactDocument, withoutKey } from './redact';

export const DEFAULT_BASE_URL = 'https://api-staging.recrubo.app/public/v2';
export const RECORDINGS_DIR = path.join(ROOT, 'contracts', 'recordings');
const PAGE_SIZE = 5;
const PREVIEW_CHARS = 300;

export interface LiveRunOptions {
  /** e.g. `https://api-staging.recrubo.app/public/v2` */
  baseUrl: string;
  /** The organization key (`Authorization: Bearer`). */
  apiKey: string;
  /** The partner key, for the `/management/…` routes; without it they are skipped. */
  partnerKey?: string;
  /** Default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Default: generated/recrubo.bundled.json. */
  spec?: Json;
  /** Where recordings go (default contracts/recordings/); `null` writes none. */
  recordingsDir?: string | null;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  /** Default: the SDK's resource table. */
  resources?: Readonly<Record<string, ResourceDefinition>>;
}

export interface OperationResult {
  operationId: string;
  method: 'GET';
  /** The path as the spec names it, e.g. `/flow-runs/{id}`. */
  path: string;
  /** What was requested (no origin, no key). */
  request?: { path: string; query: string };
  status?: number;
  contentType?: string;
  findings: Finding[];
  /** Why the call was not made. */
  skipped?: string;
  /** The recording file, relative to the repository. */
  recording?: string;
}

export interface LiveReport {
  baseUrl: string;
  operations: OperationResult[];
  drift: boolean;
}

interface Call {
  status?: number;
  contentType?: string;
  body?: unknown;
  text?: string;
  findings: Finding[];
}

function includesOf(spec: Json, op: Operation): string[] {
  const parameters = Array.isArray(op.object.parameters) ? op.object.parameters : [];
  for (const raw of parameters) {
    const param = deref(spec, raw);
    if (!isObject(param) || param.name !== 'include') continue;
    const schema = deref(spec, param.schema);
    const items = isObject(schema) ? deref(spec, schema.items) : undefined;
    if (isObject(items) && Array.isArray(items.enum)) return items.enum.map(String);
  }
  return [];
}

function finding(kind: Finding['kind'], name: string, detail: string): Finding {
  return { kind, at: '(response)', name, detail, count: 1 };
}

async function call(url: string, key: string, options: LiveRunOptions, op: Operation, spec: Json, validator: SpecValidator): Promise<Call> {
  const doFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const request = (): Request =>
    new Request(url, {
      method: 'GET',
      headers: { Accept: MEDIA_TYPE, Authorization: `Bearer ${key}` },
      redirect: 'manual', // a redirect is drift to report, not a reason to send the key elsewhere
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  let response: Response;
  try {
    response = await doFetch(request());
    if (response.status === 429) {
      // Staging is shared: honour one Retry-After (up to 30 s) before calling it drift.
      const wait = Math.min(Number(response.headers.get('retry-after')) || 1, 30);
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      response = await doFetch(request());
    }
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { findings: [finding('request failed', e.name ?? 'Error', withoutKey(`${e.name ?? 'Error'}: ${e.message ?? String(error)}`, [key]))] };
  }
  const findings: Finding[] = [];
  const contentType = response.headers.get('content-type') ?? undefined;
  const text = await response.text();
  const responses = isObject(op.object.responses) ? op.object.responses : {};
  const documented = String(response.status) in responses;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();

  let body: unknown;
  let parsed = false;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      findings.push(finding('unparseable body', contentType ?? 'no content type', `the body is not JSON (${text.length} bytes, starting ${JSON.stringify(text.slice(0, 1))})`));
    }
    if (mediaType !== MEDIA_TYPE) findings.push(finding('unexpected content type', mediaType ?? '(none)', `got ${mediaType ?? 'no Content-Type'}, expected ${MEDIA_TYPE}`));
  }
  if (response.status !== 200) {
    const errors = isObject(body) && Array.isArray(body.errors) ? body.errors : [];
    const title = isObject(errors[0]) && typeof errors[0].title === 'string' ? `: "${errors[0].title}"` : '';
    findings.push(finding('unexpected status', String(response.status), `got ${response.status}${title}${documented ? ' (a documented error)' : ' (not documented for this operation)'}, expected 200`));
  }
  if (parsed && documented) {
    let ref: string | undefined;
    try {
      ref = schemaRef(spec, op, response.status);
    } catch {
      ref = undefined; // the status documents no JSON:API body (e.g. 204)
    }
    if (ref) findings.push(...schemaDrift(spec, validator, ref, body));
  }
  return { status: response.status, ...(contentType ? { contentType } : {}), ...(parsed ? { body } : { text }), findings };
}

function opAt(ops: Operation[], pathName: string | undefined): Operation | undefined {
  return pathName === undefined ? undefined : ops.find((o) => o.method === 'get' && o.path === pathName);
}

export async function runLiveContracts(options: LiveRunOptions): Promise<LiveReport> {
  const spec = options.spec ?? loadBundledSpec();
  const validator = createSpecValidator(spec);
  const documented = documentedAttributes(spec);
  const ops = specOperations(spec);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const recordingsDir = options.recordingsDir === undefined ? RECORDINGS_DIR : options.recordingsDir;
  const results: OperationResult[] = [];

  const record = (result: OperationResult, outcome: Call): void => {
    if (recordingsDir === null) return;
    fs.mkdirSync(recordingsDir, { recursive: true });
    const file = path.join(recordingsDir, `${result.operationId}.json`);
    const recording = {
      operationId: result.operationId,
      recordedFrom: baseUrl,
      request: { method: 'GET', ...result.request },
      response: {
        status: outcome.status ?? null,
        contentType: outcome.contentType ?? null,
        ...(outcome.body !== undefined ? { body: redactDocument(outcome.body, spec, documented) } : {}),
        ...(outcome.text !== undefined ? { bodyPreview: outcome.text.slice(0, PREVIEW_CHARS) } : {}),
      },
      drift: outcome.findings,
      redaction: 'personal data and secrets replaced by the rules in scripts/contracts-live/redact.ts',
    };
    fs.writeFileSync(file, `${withoutKey(JSON.stringify(recording, null, 2), [options.apiKey, options.partnerKey])}\n`);
    result.recording = path.relative(ROOT, file);
  };

  const visit = async (op: Operation, requestPath: string, query: string, key: string): Promise<Call> => {
    const result: OperationResult = { operationId: op.operationId, method: 'GET', path: op.path, request: { path: requestPath, query }, findings: [] };
    const outcome = await call(`${baseUrl}${requestPath}${query ? `?${query}` : ''}`, key, options, op, spec, validator);
    if (outcome.status !== undefined) result.status = outcome.status;
    if (outcome.contentType !== undefined) result.contentType = outcome.contentType;
    result.findings = outcome.findings;
    record(result, outcome);
    results.push(result);
    return outcome;
  };
  const skip = (op: Operation | undefined, name: string, pathName: string, reason: string): void => {
    results.push({ operationId: op?.operationId ?? name, method: 'GET', path: pathName, findings: [], skipped: reason });
  };

  for (const [name, row] of Object.entries(options.resources ?? (RESOURCES as Readonly<Record<string, ResourceDefinition>>))) {
    if (!row.methods.includes('list') || row.collectionPath === undefined) continue;
    const listOp = opAt(ops, row.collectionPath);
    const retrieveOp = row.methods.includes('retrieve') ? opAt(ops, row.itemPath) : undefined;
    if (!listOp) {
      skip(undefined, `${name}.list`, row.collectionPath, `the spec documents no GET ${row.collectionPath}, but src/resources/table.ts lists it`);
      continue;
    }
    const management = row.collectionPath.startsWith('/management/');
    const key = management ? options.partnerKey : options.apiKey;
    if (key === undefined) {
      skip(listOp, name, listOp.path, 'a /management route: set RECRUBO_PARTNER_KEY to check it');
      if (retrieveOp) skip(retrieveOp, name, retrieveOp.path, 'a /management route: set RECRUBO_PARTNER_KEY to check it');
      continue;
    }
    const include = includesOf(spec, listOp);
    const list = await visit(listOp, row.collectionPath, serializeQuery({ page: { size: PAGE_SIZE }, ...(include.length > 0 ? { include } : {}) }), key);
    if (!retrieveOp || row.itemPath === undefined) continue;
    const first = isObject(list.body) && Array.isArray(list.body.data) ? list.body.data[0] : undefined;
    const id = isObject(first) && typeof first.id === 'string' ? first.id : undefined;
    if (id === undefined) {
      skip(retrieveOp, name, retrieveOp.path, list.status === 200 ? 'the list was empty: nothing to retrieve' : 'the list failed: no id to retrieve');
      continue;
    }
    const itemPath = row.itemPath.replace(/\{[^}]+\}/, encodeURIComponent(id));
    const retrieveInclude = includesOf(spec, retrieveOp);
    await visit(retrieveOp, itemPath, serializeQuery(retrieveInclude.length > 0 ? { include: retrieveInclude } : {}), key);
  }
  return { baseUrl, operations: results, drift: results.some((r) => r.findings.length > 0) };
}

export function renderLiveReport(report: LiveReport): string {
  const out = [`Live contract run against ${report.baseUrl} (read-only GETs)`, ''];
  const drifted = report.operations.filter((o) => o.findings.length > 0);
  for (const op of report.operations) {
    const target = op.request ? `${op.request.path}${op.request.query ? `?${op.request.query}` : ''}` : op.path;
    if (op.skipped) {
      out.push(`${op.operationId}  GET ${op.path}  skipped: ${op.skipped}`);
      continue;
    }
    const outcome = `${op.status ?? 'no response'}${op.contentType ? ` ${op.contentType}` : ''}`;
    out.push(`${op.operationId}  GET ${target}  ${outcome}  ${op.findings.length === 0 ? 'ok' : `DRIFT (${op.findings.length})`}`);
    for (const f of op.findings) {
      const on = f.resourceType ? ` on ${f.resourceType}` : '';
      const where = f.at === '(response)' ? '' : ` at ${f.at}`;
      const times = f.count > 1 ? ` (${f.count}x)` : '';
      out.push(`    ${f.kind}: ${f.name}${on}${where}${times}: ${f.detail}`);
    }
  }
  if (report.operations.some((o) => o.status === 401)) {
    out.push('', `401 Unauthorized: is RECRUBO_API_KEY (or RECRUBO_PARTNER_KEY for /management) a valid key for ${report.baseUrl}?`);
  }
  const kinds = new Map<string, number>();
  for (const f of drifted.flatMap((o) => o.findings)) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  out.push('');
  out.push(
    drifted.length === 0
      ? `No drift: ${report.operations.filter((o) => !o.skipped).length} operations match the spec.`
      : `Drift in ${drifted.length} of ${report.operations.filter((o) => !o.skipped).length} operations: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}.`,
  );
  return `${out.join('\n')}\n`;
}
