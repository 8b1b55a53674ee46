// Compiles the benchmark worker and everything it imports from this repository to plain
// CommonJS with TypeScript (as `tsc` would emit it), so that the children run the code a
// user runs. Running them under tsx instead would measure tsx's output: it routes every
// call to an imported function through getters, and wraps each function expression in a
// `__name()` call that slows closures down.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g;

/** Builds `entry` (a .ts file under `root`) and its relative imports into `outDir`; returns the entry's .js path. */
export function buildForNode(root: string, entry: string, outDir: string): string {
  const pending = [resolve(entry)];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(RELATIVE_IMPORT)) {
      pending.push(resolve(dirname(file), `${match[1]}.ts`));
    }
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        // Node16 keeps `import()` as a real dynamic import (kitsu-core is ESM-only in practice).
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  return join(outDir, relative(root, resolve(entry))).replace(/\.ts$/, '.js');
}
