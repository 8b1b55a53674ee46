// Where the spec and every artifact generated from it live. One place, so that the
// generator, the checker and the tests can never disagree about a path.
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const SPEC_ENTRY = path.join(ROOT, 'openapi', 'recrubo.yaml');
export const GENERATED_DIR = path.join(ROOT, 'generated');
export const BUNDLED_SPEC = path.join(GENERATED_DIR, 'recrubo.bundled.json');
export const GENERATED_TYPES = path.join(GENERATED_DIR, 'recrubo.d.ts');
