// Bundles the multi-file spec under openapi/ into one self-contained document
// (every external $ref becomes a #/components/... ref), with Redocly's bundler.
import { bundle, createConfig } from '@redocly/openapi-core';
import { SPEC_ENTRY } from './spec-files';

export async function bundleSpec(entry: string = SPEC_ENTRY): Promise<Record<string, unknown>> {
  const config = await createConfig({});
  const result = await bundle({ ref: entry, config, dereference: false });
  const problems = result.problems.filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    throw new Error(`Cannot bundle ${entry}:\n${lines.join('\n')}`);
  }
  return result.bundle.parsed as Record<string, unknown>;
}
