// `npm run contracts:hash`: records the sha256 of every documented example file in its manifest
// entry, so that an edited example is reported by name even when it still validates.
// Without `--update` only missing hashes are written; a changed file keeps failing the
// contract suite until someone reviews it and runs `npm run contracts:hash -- --update`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR, manifestFiles, type ManifestEntry } from '../contracts/support/manifest';

export function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(path.join(EXAMPLES_DIR, file))).digest('hex');
}

function main(): void {
  const update = process.argv.includes('--update');
  let written = 0;
  for (const manifest of manifestFiles()) {
    const full = path.join(EXAMPLES_DIR, manifest);
    const parsed = JSON.parse(fs.readFileSync(full, 'utf8')) as { examples: ManifestEntry[] };
    for (const entry of parsed.examples) {
      if (entry.file === null) continue;
      const hash = sha256Of(entry.file);
      if (entry.sha256 === hash || (entry.sha256 !== undefined && !update)) continue;
      if (entry.sha256 !== undefined) console.log(`updated ${entry.file}`);
      entry.sha256 = hash;
      written += 1;
    }
    fs.writeFileSync(full, `${JSON.stringify(parsed, null, 2)}\n`);
  }
  console.log(`${written} hash(es) written.`);
}

if (require.main === module) main();
