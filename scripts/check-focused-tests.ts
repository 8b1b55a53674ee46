// `npm run lint:focused`: fails when a test file focuses (`.only`) or skips (`.skip`, `xit`)
// tests, so a suite can never shrink silently on its way into main.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './spec-files';

const DIRS = ['src', 'test', 'contracts'];
const PATTERN = /\b(?:(?:it|test|describe)\.(?:only|skip)|fit|fdescribe|xit|xdescribe|xtest)\s*\(/;

function* testFiles(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(full);
    else if (/\.test\.ts$/.test(entry.name)) yield full;
  }
}

const offenders: string[] = [];
for (const dir of DIRS) {
  for (const file of testFiles(path.join(ROOT, dir))) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (PATTERN.test(line)) offenders.push(`${path.relative(ROOT, file)}:${index + 1}: ${line.trim()}`);
      });
  }
}
if (offenders.length > 0) {
  console.error(`Focused or skipped tests:\n  ${offenders.join('\n  ')}`);
  process.exit(1);
}
console.log('no focused or skipped tests.');
