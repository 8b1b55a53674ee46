// `npm run coverage`: one row per documented operation, from the bundled spec, the example
// manifests and the resource table: in the spec, which SDK method calls it, which documented
// examples the contract suite replays for it, which error statuses become typed errors.
// Prints the table and writes contracts/COVERAGE.md; `contracts/coverage.test.ts` fails when
// the committed file is stale. A row that is not complete says why.
import fs from 'node:fs';
import path from 'node:path';
import { loadManifest, type ManifestEntry } from '../contracts/support/manifest';
import { sdkPath } from '../contracts/support/replay';
import { sdkOperations, type SdkOperation } from '../contracts/support/sdk-operations';
import { loadBundledSpec, operations, securitySchemeOf, type Operation } from '../contracts/support/spec';
import { ROOT } from './spec-files';

export const COVERAGE_FILE = path.join(ROOT, 'contracts', 'COVERAGE.md');

interface Row {
  tag: string;
  operationId: string;
  route: string;
  key: string;
  inSpec: boolean;
  sdk: SdkOperation | undefined;
  replayed: string[];
  notReplayed: string[];
  errorStatuses: number[];
}

/**
 * What the contract suite replays through the SDK (contracts/examples.contract.test.ts): a valid
 * example with a `call` (a request is sent and compared, a response is served and checked field by
 * field), and a body-less response with a `call` (e.g. a 204).
 */
function isReplayed(entry: ManifestEntry): boolean {
  return entry.call !== undefined && (entry.expect === 'valid' || entry.file === null) && entry.expect !== 'missing';
}

function describeEntry(entry: ManifestEntry): string {
  const what = entry.kind === 'request' ? 'request' : `${entry.status}`;
  return entry.file === null ? `${what} (no body)` : `${what} \`${entry.file}\``;
}

function whyNotReplayed(entry: ManifestEntry): string {
  const errata = entry.errata ? `, ${entry.errata}` : '';
  switch (entry.expect) {
    case 'missing':
      return `${entry.kind === 'request' ? 'request' : entry.status} example not in our record of the docs${errata}`;
    case 'invalid':
      return `\`${entry.file}\` contradicts the spec's reading (invalid${errata})`;
    case 'unparseable':
    case 'truncated':
      return `\`${entry.file}\` is ${entry.expect} as published${errata} (repaired in \`${entry.repairedBy}\`)`;
    default:
      return `\`${entry.file}\` is validated but not replayed (a fragment or no SDK call)`;
  }
}

function errorStatuses(op: Operation | undefined): number[] {
  return Object.keys((op?.object.responses as object | undefined) ?? {})
    .map(Number)
    .filter((status) => status >= 400)
    .sort((a, b) => a - b);
}

function problems(row: Row): string[] {
  const out: string[] = [];
  if (!row.inSpec) out.push('not in the spec');
  if (!row.sdk) out.push('no SDK method');
  if (row.replayed.length === 0) {
    out.push(row.notReplayed.length > 0 ? `no example replayed: ${row.notReplayed.join('; ')}` : 'no example replayed: the docs (as recorded) show no example body for it');
  }
  if (row.errorStatuses.length === 0) out.push('no error status documented');
  return out;
}

function rows(): Row[] {
  const spec = loadBundledSpec();
  const manifest = loadManifest();
  const mapped = sdkOperations(spec);
  const specOps = operations(spec);
  const byId = new Map<string, Row>();
  for (const op of specOps) {
    const scheme = securitySchemeOf(spec, op);
    const sdk = mapped.find((m) => m.operation?.operationId === op.operationId);
    byId.set(op.operationId, {
      tag: ((op.object.tags as string[] | undefined) ?? ['(untagged)'])[0] as string,
      operationId: op.operationId,
      route: `${op.method.toUpperCase()} ${op.path}`,
      key: scheme === 'partnerKey' ? 'partner' : scheme === 'organizationKey' ? 'organization' : (scheme ?? 'none'),
      inSpec: true,
      sdk,
      replayed: [],
      notReplayed: [],
      // Every documented error status of an SDK-mapped operation is turned into its typed error
      // by contracts/operations.contract.test.ts.
      errorStatuses: sdk ? errorStatuses(op) : [],
    });
  }
  // SDK methods and manifest entries that name no operation of the spec still get a row.
  for (const m of mapped.filter((m) => m.operation === undefined)) {
    const id = `(${sdkPath(m)})`;
    byId.set(id, { tag: '(not in spec)', operationId: id, route: '?', key: '?', inSpec: false, sdk: m, replayed: [], notReplayed: [], errorStatuses: [] });
  }
  for (const entry of manifest) {
    let row = byId.get(entry.operationId);
    if (!row) {
      row = { tag: '(not in spec)', operationId: entry.operationId, route: '?', key: '?', inSpec: false, sdk: undefined, replayed: [], notReplayed: [], errorStatuses: [] };
      byId.set(entry.operationId, row);
    }
    if (isReplayed(entry)) row.replayed.push(describeEntry(entry));
    else if (entry.repairedBy === undefined || entry.expect === 'invalid') row.notReplayed.push(whyNotReplayed(entry));
  }
  // Spec order (tags as the root lists them, then paths), so the table reads like the reference.
  const tagOrder = ((spec.tags as { name: string }[] | undefined) ?? []).map((t) => t.name);
  const position = (tag: string): number => (tagOrder.includes(tag) ? tagOrder.indexOf(tag) : tagOrder.length);
  const specIndex = new Map(specOps.map((op, index) => [op.operationId, index]));
  return [...byId.values()].sort(
    (a, b) => position(a.tag) - position(b.tag) || (specIndex.get(a.operationId) ?? Infinity) - (specIndex.get(b.operationId) ?? Infinity) || a.operationId.localeCompare(b.operationId),
  );
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** `yes`, or `no: why`; either way, documented examples that are not replayed are named. */
function verdict(row: Row, missing: string[]): string {
  if (missing.length > 0) return `no: ${missing.join('; ')}`;
  return row.notReplayed.length > 0 ? `yes (not replayed: ${row.notReplayed.join('; ')})` : 'yes';
}

export function renderCoverage(): string {
  const all = rows();
  const complete = all.filter((row) => problems(row).length === 0).length;
  const withSdk = all.filter((row) => row.sdk).length;
  const withReplay = all.filter((row) => row.replayed.length > 0).length;
  const lines = [
    '# Coverage of the documented API',
    '',
    'Generated by `npm run coverage` (scripts/coverage.ts) from `generated/recrubo.bundled.json`, the',
    'manifests in `contracts/examples/` and the resource table (`src/resources/table.ts`). Do not edit:',
    '`contracts/coverage.test.ts` fails when this file is stale.',
    '',
    '- **SDK method**: the method that calls the operation; `contracts/operations.contract.test.ts` proves the mapping both ways.',
    '- **Examples replayed**: documented bodies the contract suite sends through the SDK (requests compared as they leave, responses checked field by field).',
    '- **Error statuses**: every documented 4xx/5xx of the operation, each turned into its typed error (and sent with the key the operation\'s `security` names).',
    '',
    `${all.length} operations: ${withSdk} in the SDK, ${withReplay} with a documented example replayed, ${complete} complete.`,
    '',
    '| resource | operation | route | key | SDK method | examples replayed | error statuses | complete? |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of all) {
    const missing = problems(row);
    lines.push(
      `| ${cell(row.tag)} | \`${row.operationId}\` | \`${row.route}\` | ${row.key} | ${row.sdk ? `\`recrubo.${sdkPath(row.sdk)}()\`` : '—'} | ${row.replayed.length > 0 ? cell(row.replayed.join('; ')) : 'no'} | ${row.errorStatuses.length > 0 ? row.errorStatuses.join(', ') : '—'} | ${cell(verdict(row, missing))} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const text = renderCoverage();
  fs.writeFileSync(COVERAGE_FILE, text);
  process.stdout.write(text);
  console.error(`wrote ${path.relative(ROOT, COVERAGE_FILE)}`);
}
