// The example manifest: which documented body lives in which file, what it documents,
// and how the contract suite replays it.
import fs from 'node:fs';
import path from 'node:path';

export const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

export interface SdkCall {
  resource: string;
  /** A resource method (`list`, `retrieve`, `create`, `update`, `delete`) or an action of the row, e.g. `refreshToken`. */
  method: string;
  id?: string;
  params?: Record<string, unknown>;
  /** Query flags for `create()` (its `options.query`), e.g. `{ sync: true }`. */
  query?: Record<string, unknown>;
}

export interface ManifestEntry {
  file: string | null;
  source: string;
  operationId: string;
  kind: 'request' | 'response';
  status?: number;
  specExample?: string;
  /**
   * `missing`: the docs show this example but our record of them does not hold its body (`file: null`,
   * no `call`); listed so that the coverage report can say why the operation has no replay.
   */
  expect: 'valid' | 'invalid' | 'unparseable' | 'truncated' | 'missing';
  errata?: string;
  invalidAt?: string[];
  repairedBy?: string;
  repairOf?: string;
  call?: SdkCall;
  request?: { query: string };
  /** Response fixture served to a replayed request; without it the server echoes the request's resource with an id. */
  replyWith?: string;
  spot?: Record<string, unknown>;
  /** sha256 of the file as recorded (`npm run contracts:hash`): an edited example is reported by name even when it still validates. */
  sha256?: string;
  /** A PATCH example without `data.id`: the SDK sends exactly the example plus `data.id` (= `call.id`). */
  sdkAddsId?: boolean;
  /**
   * A fragment of a body (e.g. one message payload), validated against this component schema
   * instead of the operation's body; when valid, the schema's `examples` embed it.
   */
  schema?: string;
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
