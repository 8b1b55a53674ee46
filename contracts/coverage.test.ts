// contracts/COVERAGE.md is generated (`npm run coverage`); like generated/, it must match what
// the spec, the manifests and the resource table say now.
import fs from 'node:fs';
import { COVERAGE_FILE, renderCoverage } from '../scripts/coverage';

it('contracts/COVERAGE.md is up to date (run `npm run coverage` and commit it)', () => {
  const committed = fs.existsSync(COVERAGE_FILE) ? fs.readFileSync(COVERAGE_FILE, 'utf8') : '';
  expect(committed).toBe(renderCoverage());
});

it('lists every operation of the spec once, each with an SDK method', () => {
  const rows = renderCoverage().split('\n').filter((line) => /^\| [^-]/.test(line) && !line.startsWith('| resource '));
  const ids = rows.map((line) => line.split(' | ')[1]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(rows.filter((line) => line.includes('no SDK method') || line.includes('not in the spec'))).toEqual([]);
});
