// `npm run size`: what the SDK adds to a user's browser bundle, minified and gzipped, from the
// built ESM (dist/esm, as users' bundlers see it) with esbuild and code splitting, as a user's
// bundler would split it. Printed, not a test. The budget is 10 kB for what the core with the
// JSON:API layer loads up front: the entry chunk and every chunk it imports statically. What
// it loads with import() only on first use is a chunk of its own, reported on its own row:
// openapi-fetch (the first call of `recrubo.raw`) and the drift checks with the response
// validators (`validateResponses` on; the 1.4 MB validators are left external here and
// measured as the file that ships).
//   npm run size             builds dist/ first
//   npx tsx scripts/build/size.ts --no-build   measures the current dist/
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild, type Metafile, type OutputFile, type Plugin } from 'esbuild';
import { build, DIST, ROOT } from './build';

export const CORE_BUDGET_BYTES = 10 * 1024;

export interface SizeRow {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
}

// As drift-check.js imports it: '../../generated/validators.js'.
const validatorsExternal: Plugin = {
  name: 'validators-external',
  setup(build) {
    build.onResolve({ filter: /generated\/validators\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const sizeOf = (name: string, code: Uint8Array): SizeRow => ({ name, minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength });

function concat(files: readonly OutputFile[]): Uint8Array {
  return Buffer.concat(files.map((file) => file.contents));
}

/** The chunks an output loads before running: itself and its static imports, transitively. */
function upFront(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return seen;
}

/**
 * `contents` bundled as a user's bundler would: the up-front chunks (one row, gzipped together:
 * they are what a page loads before the SDK runs) and each lazily loaded chunk, named by
 * `lazyNames` after a module it holds.
 */
async function measure(name: string, contents: string, lazyNames: Record<string, string> = {}): Promise<SizeRow[]> {
  const outdir = join(ROOT, '.size-out');
  const result = await esbuild({
    stdin: { contents, resolveDir: ROOT, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    splitting: true,
    outdir,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    plugins: [validatorsExternal],
    logLevel: 'silent',
  });
  const { metafile, outputFiles } = result;
  const relativePath = (file: OutputFile): string => file.path.slice(ROOT.length + 1);
  const entry = Object.keys(metafile.outputs).find((path) => metafile.outputs[path]!.entryPoint !== undefined)!;
  const front = upFront(metafile, entry);
  const rows = [sizeOf(name, concat(outputFiles.filter((file) => front.has(relativePath(file)))))];
  for (const file of outputFiles) {
    const path = relativePath(file);
    if (front.has(path) || !path.endsWith('.js')) continue;
    const inputs = Object.keys(metafile.outputs[path]!.inputs);
    const label = Object.entries(lazyNames).find(([module]) => inputs.some((input) => input.includes(module)))?.[1];
    if (label !== undefined) rows.push(sizeOf(label, file.contents));
  }
  return rows;
}

export async function measureSizes(): Promise<SizeRow[]> {
  const core = JSON.stringify(join(DIST, 'esm', 'index.js'));
  const validators = readFileSync(join(DIST, 'generated', 'validators.js'));
  const lazy = {
    'openapi-fetch': 'openapi-fetch (own chunk, first call of recrubo.raw)',
    'drift-check': 'drift checks (own chunk, validateResponses on)',
  };
  return [
    ...(await measure('core entry, every export (recrubo-sdk), up front', `export * from ${core};`)),
    ...(await measure('client only (import { Recrubo }), up front', `export { Recrubo } from ${core};`, lazy)),
    ...(await measure('deserialize only', `export { deserialize } from ${core};`)),
    ...(await measure('openapi-fetch alone (reference)', `export * from 'openapi-fetch';`)),
    sizeOf('response validators (same chunk as the drift checks)', validators),
  ];
}

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(2)} kB`;

export function sizeTable(rows: readonly SizeRow[]): string {
  // The budget is for the client with the JSON:API layer (the "core"); every export adds the webhook helpers.
  const client = rows.find((r) => r.name.startsWith('client only'))!;
  const lines = [
    '| bundle | minified | min+gz |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${kB(r.minifiedBytes)} | ${kB(r.gzipBytes)} |`),
    '',
    `Client with the JSON:API layer, up front: ${kB(client.gzipBytes)} min+gz of the ${kB(CORE_BUDGET_BYTES)} budget (${client.gzipBytes <= CORE_BUDGET_BYTES ? 'within' : 'OVER'}).`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) await build();
  console.log(sizeTable(await measureSizes()));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
