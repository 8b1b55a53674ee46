// `npm run size`: what the SDK adds to a user's browser bundle, minified and gzipped, from the
// built ESM (dist/esm, as users' bundlers see it) with esbuild. Printed, not a test: the budget
// is 10 kB for the core with the JSON:API layer, openapi-fetch included, the response
// validators and the checks that use them (src/transport/drift-check.ts) excluded: they are a
// separate chunk, loaded with import() only when validateResponses is on. esbuild without
// code splitting would inline that import(), so both are marked external here.
//   npm run size             builds dist/ first
//   npx tsx scripts/build/size.ts --no-build   measures the current dist/
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild, transform, type Plugin } from 'esbuild';
import { build, DIST, ROOT } from './build';

export const CORE_BUDGET_BYTES = 10 * 1024;

export interface SizeRow {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/**
 * The validators and the drift checks stay out: a user's bundler puts them in their own chunk
 * (see build.ts and src/transport/validators-loader.ts).
 */
// As imported: '../../generated/validators.js' from drift-check.js, './drift-check.js' from the loader.
const LAZY_MODULES = /(generated\/validators|\/drift-check)\.js$/;
const lazyExternal: Plugin = {
  name: 'lazy-external',
  setup(build) {
    build.onResolve({ filter: LAZY_MODULES }, (args) => ({ path: args.path, external: true }));
  },
};

async function minifiedGzip(name: string, contents: string): Promise<SizeRow> {
  const result = await esbuild({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    plugins: [lazyExternal],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { name, minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export async function measureSizes(): Promise<SizeRow[]> {
  const core = JSON.stringify(join(DIST, 'esm', 'index.js'));
  const validators = readFileSync(join(DIST, 'generated', 'validators.js'));
  // The module alone, minified, its imports kept: the core's errors and http-error are shared.
  const driftCheck = (await transform(readFileSync(join(DIST, 'esm', 'transport', 'drift-check.js'), 'utf8'), { minify: true, format: 'esm', target: 'es2022' })).code;
  return [
    await minifiedGzip('core entry, every export (recrubo-sdk)', `export * from ${core};`),
    await minifiedGzip('client only (import { Recrubo })', `export { Recrubo } from ${core};`),
    await minifiedGzip('deserialize only', `export { deserialize } from ${core};`),
    await minifiedGzip('openapi-fetch alone (reference)', `export * from 'openapi-fetch';`),
    { name: 'response validators (own chunk, validateResponses on)', minifiedBytes: validators.byteLength, gzipBytes: gzipSync(validators, { level: 9 }).byteLength },
    { name: 'drift checks (same chunk, validateResponses on)', minifiedBytes: Buffer.byteLength(driftCheck), gzipBytes: gzipSync(driftCheck, { level: 9 }).byteLength },
  ];
}

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(2)} kB`;

export function sizeTable(rows: readonly SizeRow[]): string {
  const core = rows[0]!;
  const lines = [
    '| bundle | minified | min+gz |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${kB(r.minifiedBytes)} | ${kB(r.gzipBytes)} |`),
    '',
    `Core: ${kB(core.gzipBytes)} min+gz of the ${kB(CORE_BUDGET_BYTES)} budget (${core.gzipBytes <= CORE_BUDGET_BYTES ? 'within' : 'OVER'}).`,
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
