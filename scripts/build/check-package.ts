// `npm run check:package` (the last step of `npm test`): the package as users install it.
//
//  1. builds dist/ once (build.ts) and packs it (`npm pack`, no scripts);
//  2. checks the tarball's file list (dist/, README.md, CHANGELOG.md, LICENSE, nothing else);
//  3. in parallel: `attw` (types resolve for CommonJS and ESM under node16 and bundler) and
//     `publint --strict` on the tarball; a user's project (test/package/project, copied to a
//     temporary directory with the tarball unpacked into its node_modules and openapi-fetch
//     linked from this repo: no registry) runs CommonJS `require` and ESM `import` smoke tests
//     and compiles TypeScript with moduleResolution node16 and bundler (this repo's TypeScript,
//     both in one process: compile-smoke.ts, which also type-checks the package's declarations
//     without @types/node for the bundler project), whose output then runs too: every one of
//     them calls a local node:http server on 127.0.0.1 and,
//     with validateResponses 'throw', catches a drifted response (the validators load from the
//     package);
//  4. bundles the core for platform 'browser' with esbuild: no Node built-ins, and the
//     validators and the drift checks that use them (transport/drift-check.js) in a chunk of
//     their own, loaded on demand: neither in the entry chunk nor in a chunk it imports statically;
//  5. prints the size of the core (size.ts; informational).
// No network: everything runs against 127.0.0.1 and the local node_modules.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build, ROOT } from './build';
import { measureSizes, sizeTable } from './size';

const PROJECT_TEMPLATE = join(ROOT, 'test', 'package', 'project');
const RUN_ID = '7460b017-59e7-439a-a1a0-b9e95b301b1c';
const DRIFTED_ID = 'd71f7ed0-0000-4000-8000-000000000000';
/** What the tarball may hold besides dist/. */
const TOP_LEVEL_FILES = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
/** Links into the temporary project's node_modules: the package's dependency and, for tsc, Node's types. */
const LINKED_MODULES = ['openapi-fetch', 'openapi-typescript-helpers', '@types/node', 'undici-types'];

interface Outcome {
  name: string;
  ok: boolean;
  output: string;
  ms: number;
}

function run(name: string, command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ name, ok: false, output: `${output}${error.message}`, ms: Date.now() - started }));
    child.on('close', (code) => resolve({ name, ok: code === 0, output: output.trim(), ms: Date.now() - started }));
  });
}

const node = (name: string, file: string, cwd: string, env: NodeJS.ProcessEnv) => run(name, process.execPath, [file], { cwd, env });
const bin = (pkg: string, path: string) => join(ROOT, 'node_modules', pkg, path);

/** The local API: one FlowRun, and the same run drifted from the spec (an undocumented status). */
function startServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const example = readFileSync(join(ROOT, 'contracts', 'examples', 'flowRuns.retrieve.200.json'), 'utf8');
  const drifted = JSON.parse(example) as { data: { id: string; attributes: Record<string, unknown> } };
  drifted.data.id = DRIFTED_ID;
  drifted.data.attributes.status = 'paused';
  const bodies = new Map([
    [`/public/v2/flow-runs/${RUN_ID}`, example],
    [`/public/v2/flow-runs/${DRIFTED_ID}`, JSON.stringify(drifted)],
  ]);
  const server = http.createServer((req, res) => {
    const headers = { 'Content-Type': 'application/vnd.api+json' };
    if (req.headers.accept !== 'application/vnd.api+json' || !/^Bearer rk_/.test(req.headers.authorization ?? '')) {
      res.writeHead(406, headers).end(JSON.stringify({ errors: [{ status: '406', title: 'Expected the JSON:API Accept header and a Bearer key' }] }));
      return;
    }
    const body = req.method === 'GET' ? bodies.get(req.url ?? '') : undefined;
    if (body === undefined) res.writeHead(404, headers).end(JSON.stringify({ errors: [{ status: '404', title: 'Not Found' }] }));
    else res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/public/v2`, close: () => new Promise<void>((done) => server.close(() => done())) });
      server.unref();
    });
  });
}

async function pack(destination: string): Promise<{ tarball: string; files: string[] }> {
  const outcome = await run('npm pack', 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: ROOT });
  if (!outcome.ok) throw new Error(`npm pack failed:\n${outcome.output}`);
  const [packed] = JSON.parse(outcome.output.slice(outcome.output.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(destination, packed!.filename), files: packed!.files.map((f) => f.path) };
}

function checkFileList(files: readonly string[]): Outcome {
  const problems: string[] = [];
  const stray = files.filter((f) => !f.startsWith('dist/') && !TOP_LEVEL_FILES.includes(f));
  if (stray.length > 0) problems.push(`files outside dist/ and ${TOP_LEVEL_FILES.join(', ')}: ${stray.join(', ')}`);
  const tests = files.filter((f) => /\.test(-support)?\.|\/\.types\//.test(f));
  if (tests.length > 0) problems.push(`test or temporary files: ${tests.join(', ')}`);
  for (const required of [...TOP_LEVEL_FILES, 'dist/generated/validators.js', 'dist/esm/index.js', 'dist/cjs/index.js']) {
    if (!files.includes(required)) problems.push(`missing ${required}`);
  }
  return { name: 'tarball contents', ok: problems.length === 0, output: problems.join('\n') || `${files.length} files`, ms: 0 };
}

/** The temporary user project: the template, the unpacked tarball, and links to local modules. */
async function createProject(tarball: string, directory: string): Promise<void> {
  cpSync(PROJECT_TEMPLATE, directory, { recursive: true });
  const installed = join(directory, 'node_modules', 'recrubo-sdk');
  mkdirSync(installed, { recursive: true });
  const untar = await run('tar', 'tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], { cwd: directory });
  if (!untar.ok) throw new Error(`tar failed: ${untar.output}`);
  for (const name of LINKED_MODULES) {
    const target = join(directory, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
  }
}

/**
 * The core bundled for browsers: fails on any Node built-in; the validators and the drift
 * checks must be in a chunk of their own, which only import() reaches.
 */
async function browserBundle(project: string): Promise<Outcome> {
  const started = Date.now();
  try {
    const result = await esbuild({
      entryPoints: [join(project, 'browser-entry.js')],
      absWorkingDir: project,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(project, 'out', 'browser'),
      metafile: true,
      logLevel: 'silent',
    });
    const problems: string[] = [];
    const outputs = Object.entries(result.metafile.outputs);
    const entry = outputs.find(([, o]) => o.entryPoint !== undefined);
    const nodeImports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((imp) => imp.path.startsWith('node:') || imp.external));
    if (nodeImports.length > 0) problems.push(`external or Node imports: ${nodeImports.map((i) => i.path).join(', ')}`);
    const holds = (chunk: (typeof outputs)[number] | undefined, module: string) => chunk !== undefined && Object.keys(chunk[1].inputs).some((input) => input.endsWith(module));
    const lazyModules = ['generated/validators.js', 'transport/drift-check.js'];
    if (!entry) problems.push('no entry chunk');
    else {
      // What a page loads with the core: the entry chunk and every chunk it imports statically.
      const upfront = new Set([entry[0]]);
      const queue = [entry[0]];
      while (queue.length > 0) {
        for (const imported of result.metafile.outputs[queue.pop()!]?.imports ?? []) {
          if (imported.kind !== 'import-statement' || upfront.has(imported.path)) continue;
          upfront.add(imported.path);
          queue.push(imported.path);
        }
      }
      for (const module of lazyModules) {
        const chunk = outputs.find((output) => upfront.has(output[0]) && holds(output, module));
        if (chunk) problems.push(`${module} is loaded with the core (in ${chunk[0] === entry[0] ? 'the entry chunk' : `${chunk[0]}, which the entry chunk imports`})`);
      }
    }
    const validatorsChunk = outputs.find((output) => holds(output, lazyModules[0]!));
    if (!validatorsChunk) problems.push('no chunk holds the validators (the dynamic import is gone?)');
    else if (!holds(validatorsChunk, lazyModules[1]!)) problems.push('the drift checks are not in the validators chunk');
    const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const summary = entry && validatorsChunk ? `entry chunk ${kB(entry[1].bytes)}, validators and drift checks chunk ${kB(validatorsChunk[1].bytes)} (unminified)` : '';
    return { name: "esbuild bundle, platform 'browser'", ok: problems.length === 0, output: problems.join('\n') || summary, ms: Date.now() - started };
  } catch (error) {
    return { name: "esbuild bundle, platform 'browser'", ok: false, output: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  await build();
  const temp = mkdtempSync(join(tmpdir(), 'recrubo-package-'));
  const server = await startServer();
  try {
    const { tarball, files } = await pack(temp);
    const project = join(temp, 'project');
    await createProject(tarball, project);
    const env = { RECRUBO_SMOKE_URL: server.url, RECRUBO_SMOKE_RUN_ID: RUN_ID, RECRUBO_SMOKE_DRIFTED_ID: DRIFTED_ID };
    const compiled = async (): Promise<Outcome[]> => {
      const compiler = join(temp, 'compile-smoke.cjs');
      await esbuild({ entryPoints: [join(__dirname, 'compile-smoke.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: compiler, logLevel: 'warning' });
      const configs = ['tsconfig.node16.json', 'tsconfig.bundler.json'];
      const compile = await run(`tsc -p ${configs.join(', -p ')} (this repo's TypeScript)`, process.execPath, [compiler, project, ...configs], {
        cwd: project,
        env: { NODE_PATH: join(ROOT, 'node_modules') },
      });
      if (!compile.ok) return [compile];
      compile.output = compile.output.split('\n').join('; ');
      const outputs = ['out/node16/smoke-node16.mjs', 'out/node16/smoke-node16.cjs', 'out/bundler/smoke-bundler.js'];
      return [compile, ...(await Promise.all(outputs.map((file) => node(`node ${file}`, file, project, env))))];
    };
    const outcomes = (
      await Promise.all([
        [checkFileList(files)],
        // node16 profile: node10 (TypeScript's `moduleResolution: node`) ignores `exports`, so it
        // finds the root entry only; the subpaths would need `typesVersions`.
        run('attw', process.execPath, [bin('@arethetypeswrong/cli', 'dist/index.js'), tarball, '--profile', 'node16', '--no-definitely-typed', '--format', 'table-flipped', '--no-color', '--no-emoji'], { cwd: ROOT }).then((o) => [
          summarized(o, `every entry resolves to its types under node16 (from CJS and from ESM) and bundler (${(o.output.match(/│ "/g) ?? []).length} entry points, package.json included)`),
        ]),
        run('publint --strict', process.execPath, [bin('publint', 'src/cli.js'), 'run', tarball, '--strict'], { cwd: ROOT }).then((o) => [
          summarized(o, `no errors or warnings${/Suggestions:/.test(o.output) ? ` (suggestions: ${o.output.slice(o.output.indexOf('Suggestions:') + 12).trim().replace(/\s+/g, ' ')})` : ''}`),
        ]),
        node('node smoke.cjs', 'smoke.cjs', project, env).then((o) => [o]),
        node('node smoke.mjs', 'smoke.mjs', project, env).then((o) => [o]),
        compiled(),
        browserBundle(project).then((o) => [o]),
      ])
    ).flat();
    for (const outcome of outcomes) {
      const detail = outcome.ok ? lastLine(outcome.output) : `\n${indent(outcome.output)}`;
      console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.name}${outcome.ms ? ` (${(outcome.ms / 1000).toFixed(1)} s)` : ''}${detail ? `: ${detail}` : ''}`);
    }
    // Informational; a core that does not bundle for browsers has failed above already.
    console.log(`\n${await measureSizes().then(sizeTable, (error: unknown) => `Size not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)}`);
    const failed = outcomes.filter((o) => !o.ok);
    console.log(`\ncheck:package ${failed.length === 0 ? 'passed' : `FAILED (${failed.map((o) => o.name).join('; ')})`} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    await server.close();
    if (process.exitCode) console.log(`The temporary project is kept for inspection: ${temp}`);
    else rmSync(temp, { recursive: true, force: true });
  }
}

/** A passing check's one line; a failing one keeps its whole output. */
function summarized(outcome: Outcome, summary: string): Outcome {
  return outcome.ok ? { ...outcome, output: summary } : outcome;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1]?.trim() ?? '';
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
