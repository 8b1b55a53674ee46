// The webhook core is part of the main entry, which must load in browsers and edge runtimes:
// nothing it imports (transitively, through relative imports) may use a Node built-in. Only
// the Node handler may, and it is not imported by the entry.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SRC = resolve(__dirname, '..');
const NODE_ONLY = /from\s+['"](node:[^'"]+|fs|path|http|https|net|crypto|buffer|stream|util|os|zlib|events)['"]|require\(|\bprocess\.|\bBuffer\.\w+\(/;

/** Relative imports that survive compilation (`import type` / `export type` are erased). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), match[1] as string);
    if (target.endsWith('.json')) continue;
    const found = [`${target}.ts`, join(target, 'index.ts')].find((candidate) => existsSync(candidate));
    if (found === undefined) throw new Error(`${file}: cannot resolve ${match[1]}`);
    out.push(found);
  }
  return out;
}

function closure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    queue.push(...importsOf(file));
  }
  return seen;
}

const CORE = ['construct-event.ts', 'fetch-handler.ts', 'test-helpers.ts', 'delivery.ts', 'secret.ts', 'headers.ts', 'errors.ts', 'types.ts'];

test.each(CORE)('%s and everything it imports use no Node built-in', (file) => {
  const offenders = [...closure(join(SRC, 'webhooks', file))]
    // Comments may mention Node freely; only code counts.
    .filter(([, text]) => NODE_ONLY.test(text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '')))
    .map(([path]) => path.slice(SRC.length + 1));
  expect(offenders).toEqual([]);
});

test('the main entry does not import the Node handler', () => {
  const files = [...closure(join(SRC, 'index.ts')).keys()].map((path) => path.slice(SRC.length + 1));
  expect(files).toContain('webhooks/construct-event.ts');
  expect(files).not.toContain('webhooks/node-handler.ts');
});
