// The mutation set of `npm run contracts:mutate` stays applicable: every mutation finds its
// target in the current spec and changes it (running the suite on each mutant is the command's
// job, too slow for `npm test`; its last result is in docs/drift.md).
import fs from 'node:fs';
import { MUTATIONS } from '../../scripts/contracts-mutate';
import { BUNDLED_SPEC } from '../../scripts/spec-files';

const original = fs.readFileSync(BUNDLED_SPEC, 'utf8');

it('covers the kinds of change the drift issue names', () => {
  const names = MUTATIONS.map((m) => m.name).join('\n');
  for (const kind of ['rename a response attribute', 'change an attribute type', 'drop a required attribute', 'remove an enum value', 'change a status code', 'change a media type', 'remove an operation']) {
    expect(names).toContain(kind);
  }
});

it.each(MUTATIONS.map((m) => [m.name, m] as const))('%s applies to the current spec and changes it', (_name, mutation) => {
  const spec = JSON.parse(original) as Record<string, unknown>;
  mutation.apply(spec);
  expect(JSON.stringify(spec)).not.toBe(JSON.stringify(JSON.parse(original)));
});
