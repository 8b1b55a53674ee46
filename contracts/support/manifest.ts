// The example manifest: which documented body lives in which file, what it documents,
// and how the contract suite replays it.
import fs from 'node:fs';
import path from 'node:path';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

export interface SdkCall {
  resource: string;
  method: 'list' | 'retrieve' | 'create' | 'update' | 'delete';
  id?: string;
  params?: Record<string, unknown>;
}

export interface ManifestEntry {
  file: string | null;
  source: string;
  operationId: string;
  kind: 'request' | 'response';
  status?: number;
  specExample?: string;
  expect: 'valid' | 'invalid' | 'unparseable' | 'truncated';
  errata?: string;
  invalidAt?: string[];
  repairedBy?: string;
  repairOf?: string;
  call?: SdkCall;
  request?: { query: string };
  replyWith?: string;
  spot?: Record<string, unknown>;
}

/** One manifest per resource (`<type>.manifest.json`), so resources can be added independently. */
export function manifestFiles(): string[] {
  return fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.manifest.json')).sort();
}

export function loadManifest(): ManifestEntry[] {
  return manifestFiles().flatMap((file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as { examples: ManifestEntry[] };
    return raw.examples;
  });
}

export function readExampleText(file: string): string {
  return fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
}

export function readExample(file: string): unknown {
  return JSON.parse(readExampleText(file));
}

/** `a.b.0.c` on a value. */
export function valueAt(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node === null || node === undefined ? undefined : (node as Record<string, unknown>)[key]), value);
}
