// `npm run build`: the published package in dist/.
//
//   dist/esm/**        one ES module per src/ file (.js, with a package.json saying "type": "module")
//   dist/cjs/**        one CommonJS module per src/ file (.js, "type": "commonjs")
//   dist/{esm,cjs}/**/*.d.ts   declarations next to each (ESM ones with .js import specifiers)
//   dist/generated/    what src/ loads from generated/ at run time or names in its types, once
//                      for both formats: validators.js (1.4 MB, loaded only when
//                      validateResponses is on), the mock's request validators and spec, and the
//                      spec's types (recrubo.d.ts)
//
// One file per module, not one bundle per entry: the subpath entries (recrubo-sdk/mock,
// /webhooks/node, /node) share the core's modules instead of carrying copies of them, so an
// error class is one class whichever entry it came through, and users' bundlers tree-shake
// per module. dist/esm and dist/cjs mirror src/ and dist/generated mirrors generated/, so every
// relative import keeps its path and only gains the extension ESM needs.
//
// JS: esbuild (a fraction of a second). Declarations: tsc -p tsconfig.build.json (noCheck; about
// 4 s on 2 cores), started first and awaited last.
//   npx tsx scripts/build/build.ts
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build as esbuild, type Plugin } from 'esbuild';

export const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');
const GENERATED = join(ROOT, 'generated');
export const DIST = join(ROOT, 'dist');
const TYPES_TMP = join(DIST, '.types');

/** Files of generated/ that the package carries (run time and types). */
const GENERATED_FILES = ['validators.js', 'validators.d.ts', 'request-validators.js', 'request-validators.d.ts', 'recrubo.bundled.json', 'recrubo.d.ts'];

/** src/ files that are not part of the package: tests and their helpers. */
const isShipped = (file: string): boolean => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.test(-support)?\.ts$/.test(file);

/**
 * What the ESM build loads with import() where the CommonJS build uses require: each loader
 * module of src/ and the file compiled in its place (see src/transport/validators-loader.ts,
 * src/raw/openapi-fetch-loader.ts).
 */
const ESM_LOADERS = new Map([
  [join(SRC, 'transport', 'validators-loader.ts'), join(__dirname, 'validators-loader.esm.ts')],
  [join(SRC, 'raw', 'openapi-fetch-loader.ts'), join(__dirname, 'openapi-fetch-loader.esm.ts')],
]);

/** Node-only modules, which may use `require` in ESM too (through createRequire). */
const NODE_ONLY = [`mock${sep}`];
const CREATE_REQUIRE = "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);\n";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * The file a relative import names: `./errors` → src/errors.ts, `../../generated/validators` →
 * generated/validators.js, and `./drift-check.js` → src/transport/drift-check.ts (a `.js`
 * specifier naming a .ts source, as TypeScript's Node16 resolution wants for import()).
 */
function resolveSourceFile(resolveDir: string, specifier: string): string {
  const base = resolve(resolveDir, specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`Cannot resolve "${specifier}" from ${relative(ROOT, resolveDir)}.`);
}

/**
 * Keeps every relative import external and points it at the file the build writes for it:
 * a src/ module at its .js output, a generated/ file at its copy in dist/generated. The paths
 * mirror the source tree, so only the extension changes.
 */
const relativeImports: Plugin = {
  name: 'relative-imports',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolveSourceFile(args.resolveDir, args.path);
      let output: string;
      if (target.startsWith(SRC + sep)) output = target.replace(/\.ts$/, '.js');
      else if (target.startsWith(GENERATED + sep) && GENERATED_FILES.includes(relative(GENERATED, target))) output = target;
      else throw new Error(`${relative(ROOT, args.importer)} imports ${relative(ROOT, target)}, which the package does not carry (add it to GENERATED_FILES in scripts/build/build.ts?).`);
      let specifier = relative(args.resolveDir, output).split(sep).join('/');
      if (!specifier.startsWith('.')) specifier = `./${specifier}`;
      return { path: specifier, external: true };
    });
  },
};

const esmLoaders: Plugin = {
  name: 'esm-loaders',
  setup(build) {
    build.onLoad({ filter: /-loader\.ts$/ }, (args) => {
      const replacement = ESM_LOADERS.get(args.path);
      if (replacement === undefined) return undefined;
      // Compiled in place of the CommonJS loader, its imports resolved from the loader's directory.
      return { contents: readFileSync(replacement, 'utf8'), loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
};

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function compileJs(entryPoints: string[], format: 'esm' | 'cjs'): Promise<void> {
  await esbuild({
    entryPoints,
    outbase: SRC,
    outdir: join(DIST, format),
    format,
    bundle: true, // with every import external (plugin and `packages`): one output per module, imports rewritten
    packages: 'external',
    external: ['node:*'],
    platform: 'neutral',
    target: 'es2022',
    outExtension: { '.js': '.js' },
    plugins: format === 'esm' ? [esmLoaders, relativeImports] : [relativeImports],
    logLevel: 'warning',
  });
  // Bundlers read `sideEffects` from the nearest package.json, which is this one, not the root's.
  writeFileSync(join(DIST, format, 'package.json'), `${JSON.stringify({ type: format === 'esm' ? 'module' : 'commonjs', sideEffects: false })}\n`);
}

/**
 * esbuild turns a `require` left in an ES module into a `__require` that throws outside
 * Node's CommonJS. The Node-only modules get a real one from createRequire; anywhere else it
 * would be a Node dependency in the core, and the build fails.
 */
function checkEsmRequires(): void {
  for (const file of walk(join(DIST, 'esm')).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(file, 'utf8');
    if (!code.includes('__require')) continue;
    const path = relative(join(DIST, 'esm'), file);
    if (!NODE_ONLY.some((prefix) => path.startsWith(prefix))) {
      throw new Error(`dist/esm/${path} calls require(): only Node-only modules (${NODE_ONLY.join(', ')}) may. Load it with import(), or move the code behind a Node-only entry.`);
    }
    writeFileSync(file, CREATE_REQUIRE + code);
  }
}

/** `from './x'` / `import('./x')` in a declaration → './x.js' (ESM declarations resolve like ESM). */
export function withEsmSpecifiers(declaration: string): string {
  return declaration.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (match, prefix: string, quote: string, specifier: string) =>
    /\.(js|json)$/.test(specifier) ? match : `${prefix}${quote}${specifier}.js${quote}`,
  );
}

function placeDeclarations(): void {
  for (const file of walk(TYPES_TMP)) {
    const path = relative(TYPES_TMP, file);
    const declaration = readFileSync(file, 'utf8');
    mkdirSync(dirname(join(DIST, 'cjs', path)), { recursive: true });
    writeFileSync(join(DIST, 'cjs', path), declaration);
    mkdirSync(dirname(join(DIST, 'esm', path)), { recursive: true });
    writeFileSync(join(DIST, 'esm', path), withEsmSpecifiers(declaration));
  }
  rmSync(TYPES_TMP, { recursive: true, force: true });
}

function copyGenerated(): void {
  const target = join(DIST, 'generated');
  mkdirSync(target, { recursive: true });
  for (const name of GENERATED_FILES) copyFileSync(join(GENERATED, name), join(target, name));
  // CommonJS whatever the package.json above says: import() and require() both read them so.
  writeFileSync(join(target, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
}

export async function build(): Promise<void> {
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  const declarations = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  // A failed declaration build must not leave an unhandled rejection while the JS builds.
  declarations.catch(() => undefined);
  const entryPoints = walk(SRC).filter(isShipped);
  await Promise.all([compileJs(entryPoints, 'esm'), compileJs(entryPoints, 'cjs')]);
  checkEsmRequires();
  copyGenerated();
  await declarations;
  placeDeclarations();
  console.log(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${entryPoints.length} modules × ESM + CommonJS + declarations.`);
}

if (require.main === module) {
  build().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
