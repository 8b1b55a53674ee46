// The spec as it was at a git ref: every file under openapi/ taken with `git show <ref>:<path>`
// into a temporary directory, then bundled exactly like the working tree is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleSpec } from '../bundle-spec';
import type { Json } from './refs';

/** Where the spec lives inside the repository. */
export const SPEC_DIR = 'openapi';
export const SPEC_ENTRY_RELATIVE = 'openapi/recrubo.yaml';

function git(root: string, args: string[]): Buffer {
  return execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** The top of the git work tree that holds `cwd`. */
export function repositoryRoot(cwd: string = process.cwd()): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch {
    throw new Error(`${cwd} is not inside a git repository: spec:diff compares the spec with a git ref.`);
  }
}

export function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new Error(`"${ref}" is not a git ref.`);
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new Error(`Unknown git ref "${ref}". Fetch it first (e.g. \`git fetch origin main\`) or name a branch, tag or commit that exists.`);
  }
}

/** Writes openapi/ as it is at `commit` under a new temporary directory and returns that directory. */
export function checkoutSpec(root: string, commit: string): string {
  const files = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', SPEC_DIR])
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  if (!files.includes(SPEC_ENTRY_RELATIVE)) throw new Error(`${SPEC_ENTRY_RELATIVE} does not exist at ${commit.slice(0, 12)}.`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recrubo-spec-'));
  for (const file of files) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, git(root, ['show', `${commit}:${file}`]));
  }
  return dir;
}

/** The bundled spec at a git ref. */
export async function bundleSpecAt(root: string, ref: string): Promise<Json> {
  const commit = resolveCommit(root, ref);
  const dir = checkoutSpec(root, commit);
  try {
    return (await bundleSpec(path.join(dir, SPEC_ENTRY_RELATIVE))) as Json;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundled spec in the working tree (not generated/, which may be stale). */
export async function bundleWorkingTree(root: string): Promise<Json> {
  return (await bundleSpec(path.join(root, SPEC_ENTRY_RELATIVE))) as Json;
}
