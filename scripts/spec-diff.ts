// `npm run spec:diff -- <git-ref> [--json] [--allow-breaking]`
//
// Version drift: what the spec change since <git-ref> (default `main`) breaks for SDK users.
// Bundles openapi/ at the ref and in the working tree, diffs them with api-smart-diff, and
// classifies every change with our rules (scripts/spec-diff/, table in docs/drift.md) as
// breaking, non-breaking or documentation-only, per operation, with a suggested semver bump.
//
// Exit codes: 0 nothing breaking (or --allow-breaking), 1 a breaking change, 2 could not compare.
import { compareSpecs } from './spec-diff/compare';
import { bundleSpecAt, bundleWorkingTree, repositoryRoot } from './spec-diff/git-spec';
import { renderText } from './spec-diff/render';
import type { SpecDiffReport } from './spec-diff/types';

export { compareSpecs } from './spec-diff/compare';
export type { Change, Classification, SpecDiffReport } from './spec-diff/types';

export const DEFAULT_BASE = 'main';

export interface SpecDiffResult {
  base: string;
  head: string;
  report: SpecDiffReport;
  text: string;
}

/** The spec at `base` compared with the working tree of the repository that holds `cwd`. */
export async function specDiff(base: string = DEFAULT_BASE, cwd: string = process.cwd()): Promise<SpecDiffResult> {
  const root = repositoryRoot(cwd);
  const [before, after] = [await bundleSpecAt(root, base), await bundleWorkingTree(root)];
  const report = compareSpecs(before, after);
  const labels = { base, head: 'working tree' };
  return { ...labels, report, text: renderText(report, labels) };
}

const USAGE = 'usage: npm run spec:diff -- [<git-ref>] [--json] [--allow-breaking]   (default ref: main)';

export async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const refs = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--json', '--allow-breaking', '--help'].includes(f));
  if (flags.has('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (unknown.length > 0 || refs.length > 1) {
    console.error(`${unknown.length > 0 ? `unknown option ${unknown.join(', ')}` : 'give one git ref'}\n${USAGE}`);
    return 2;
  }
  const result = await specDiff(refs[0] ?? DEFAULT_BASE);
  if (flags.has('--json')) {
    console.log(JSON.stringify({ base: result.base, head: result.head, ...result.report }, null, 2));
  } else {
    process.stdout.write(result.text);
  }
  if (result.report.breaking && !flags.has('--allow-breaking')) {
    if (flags.has('--json')) console.error('Breaking changes found (rerun with --allow-breaking if they are intended).');
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`spec:diff failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
