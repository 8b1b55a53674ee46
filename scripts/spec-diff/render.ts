// The report as a person reads it: one block per operation, worst change first, the bump on top.
import type { Change, Classification, SpecDiffReport } from './types';

const TAG: Record<Classification, string> = { breaking: 'BREAKING', 'non-breaking': 'non-breaking', 'documentation-only': 'docs-only' };
const WHY: Record<string, string> = {
  major: 'a breaking change: users must change their code',
  minor: 'new or widened surface, nothing breaks',
  patch: 'documentation only',
  none: 'no change to the spec',
};

function line(change: Change): string[] {
  const where = change.location ? `${change.location}: ` : '';
  const out = [`    [${TAG[change.classification]}] ${where}${change.message}`];
  if (change.warning) out.push(`        warning: ${change.warning}`);
  return out;
}

export function summaryLine(report: SpecDiffReport): string {
  const c = report.counts;
  const warn = c.warnings > 0 ? `, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : '';
  return `${c.breaking} breaking, ${c['non-breaking']} non-breaking, ${c['documentation-only']} documentation-only${warn}`;
}

export function renderText(report: SpecDiffReport, labels: { base: string; head: string }): string {
  const out: string[] = [];
  out.push(`Spec diff: ${labels.base} -> ${labels.head}`);
  out.push(`Suggested bump: ${report.bump.toUpperCase()} (${WHY[report.bump]})`);
  out.push(`Changes: ${summaryLine(report)} in ${report.operations.length} operation${report.operations.length === 1 ? '' : 's'}`);
  for (const op of report.operations) {
    out.push('', `${op.operationId}  ${op.method} ${op.path}  (${op.classification})`);
    for (const change of op.changes) out.push(...line(change));
  }
  for (const group of report.other) {
    out.push('', `${group.group}  (${group.classification})`);
    for (const change of group.changes) out.push(...line(change));
  }
  if (report.breaking) {
    out.push('', 'Breaking changes found. If they are intended, bump the major version, say so in CHANGELOG.md, and rerun with --allow-breaking.');
  }
  return `${out.join('\n')}\n`;
}
