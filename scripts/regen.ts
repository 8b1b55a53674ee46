// `npm run regen [-- --base <ref>] [--allow-breaking] [--report <file>]`
//
// After a spec change, everything in one go: lint → generate → typecheck → contracts, then the
// spec diff against `main` (or --base), and one summary at the end: what changed, what it
// breaks, what to bump. The first failing build step stops the build steps (the later ones
// depend on it); the spec diff runs regardless, since it only reads openapi/.
// Exit 0 when every step passed and nothing breaks (or --allow-breaking), else 1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_BASE, specDiff, type SpecDiffResult } from './spec-diff';
import { summaryLine } from './spec-diff/render';
import { ROOT } from './spec-files';

interface Step {
  name: string;
  /** The command, run from the repository root. */
  command: string[];
}

const BIN = (name: string): string => path.join(ROOT, 'node_modules', '.bin', name);

export const STEPS: readonly Step[] = [
  { name: 'lint', command: ['npm', 'run', '--silent', 'spec:validate'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'spec:lint'] },
  { name: 'generate', command: ['npm', 'run', '--silent', 'generate'] },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  // The contract suite only: a bare `contracts` pattern would also match test/contracts-live/.
  { name: 'contracts', command: [BIN('jest'), path.join(ROOT, 'contracts') + path.sep] },
];

interface Outcome {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  seconds?: number;
  note?: string;
}

function runStep(step: Step): Outcome {
  const started = Date.now();
  console.log(`\n> regen: ${step.name}: ${step.command.map((c) => path.relative(ROOT, c) || c).join(' ')}`);
  const result = spawnSync(step.command[0]!, step.command.slice(1), { cwd: ROOT, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  if (result.error) return { name: step.name, status: 'failed', seconds, note: result.error.message };
  return result.status === 0 ? { name: step.name, status: 'passed', seconds } : { name: step.name, status: 'failed', seconds, note: `exit ${result.status ?? result.signal}` };
}

function generatedChanges(): string {
  const result = spawnSync('git', ['status', '--porcelain', '--', 'generated'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) return '';
  const files = result.stdout.split('\n').filter(Boolean).map((l) => l.slice(3));
  return files.length === 0 ? 'generated/ unchanged from the last commit' : `generated/ differs from the last commit: ${files.join(', ')}`;
}

/** The closing summary (also what the pull-request comment carries). */
export function summarize(outcomes: readonly Outcome[], diff: SpecDiffResult | undefined, diffError: string | undefined, allowBreaking: boolean): string {
  const out = ['regen summary', ''];
  for (const o of outcomes) {
    const mark = o.status === 'passed' ? 'ok  ' : o.status === 'failed' ? 'FAIL' : 'skip';
    out.push(`  ${mark} ${o.name.padEnd(10)}${o.seconds !== undefined ? ` ${o.seconds.toFixed(1)} s` : ''}${o.note ? `  (${o.note})` : ''}`);
  }
  out.push('');
  if (!diff) {
    out.push(`spec:diff could not run: ${diffError ?? 'unknown error'}`);
    return `${out.join('\n')}\n`;
  }
  const { report } = diff;
  out.push(`What changed (${diff.base} -> ${diff.head}): ${summaryLine(report)} in ${report.operations.length} operation(s)`);
  const breaking = [
    ...report.operations.flatMap((op) => op.changes.filter((c) => c.classification === 'breaking').map((c) => `${op.operationId} (${op.method} ${op.path}): ${c.location}: ${c.message}`)),
    ...report.other.flatMap((g) => g.changes.filter((c) => c.classification === 'breaking').map((c) => `${g.group}: ${c.message}`)),
  ];
  if (breaking.length === 0) out.push('What it breaks: nothing');
  else {
    out.push(`What it breaks (${breaking.length}):`);
    for (const line of breaking.slice(0, 30)) out.push(`  - ${line}`);
    if (breaking.length > 30) out.push(`  - … and ${breaking.length - 30} more (see the spec:diff report above)`);
  }
  const warnings = report.operations.flatMap((op) => op.changes.filter((c) => c.warning).map((c) => `${op.operationId}: ${c.message}: ${c.warning}`));
  if (warnings.length > 0) {
    out.push(`Warnings (${warnings.length}):`);
    for (const line of warnings.slice(0, 15)) out.push(`  - ${line}`);
    if (warnings.length > 15) out.push(`  - … and ${warnings.length - 15} more`);
  }
  out.push(`What to bump: ${report.bump.toUpperCase()}${report.breaking && allowBreaking ? ' (breaking changes allowed by --allow-breaking)' : ''}`);
  return `${out.join('\n')}\n`;
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function main(argv: string[]): Promise<number> {
  const base = option(argv, '--base') ?? DEFAULT_BASE;
  const reportFile = option(argv, '--report');
  const allowBreaking = argv.includes('--allow-breaking');

  const outcomes: Outcome[] = [];
  let failed = false;
  for (const step of STEPS) {
    const previous = outcomes.find((o) => o.name === step.name);
    if (failed) {
      if (!previous) outcomes.push({ name: step.name, status: 'skipped', note: 'an earlier step failed' });
      continue;
    }
    const outcome = runStep(step);
    if (previous) {
      // Two commands of one step (lint): one line in the summary.
      previous.seconds = (previous.seconds ?? 0) + (outcome.seconds ?? 0);
      if (outcome.status === 'failed') Object.assign(previous, { status: 'failed', note: outcome.note });
    } else outcomes.push(outcome);
    if (outcome.status === 'failed') failed = true;
  }
  const generate = outcomes.find((o) => o.name === 'generate');
  if (generate?.status === 'passed') generate.note = generatedChanges();

  console.log(`\n> regen: spec:diff against ${base}`);
  let diff: SpecDiffResult | undefined;
  let diffError: string | undefined;
  const started = Date.now();
  try {
    diff = await specDiff(base, ROOT);
    process.stdout.write(diff.text);
    const breakingBlocks = diff.report.breaking && !allowBreaking;
    outcomes.push({
      name: 'spec:diff', status: breakingBlocks ? 'failed' : 'passed', seconds: (Date.now() - started) / 1000,
      note: `against ${base}: bump ${diff.report.bump}${breakingBlocks ? ', breaking (rerun with --allow-breaking if intended)' : ''}`,
    });
  } catch (error) {
    diffError = error instanceof Error ? error.message : String(error);
    outcomes.push({ name: 'spec:diff', status: 'failed', seconds: (Date.now() - started) / 1000, note: diffError });
  }

  const summary = summarize(outcomes, diff, diffError, allowBreaking);
  console.log(`\n${summary}`);
  if (reportFile) {
    const body = [summary, diff ? `\nFull spec diff:\n\n${diff.text}` : ''].join('');
    fs.writeFileSync(path.resolve(reportFile), body);
  }
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`regen failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
