// The ESM build's src/transport/validators-loader.ts (see there): ESM has no `require`, so the
// response checks (src/transport/drift-check.ts, which imports the generated validators) are
// imported on demand. The build compiles this file in place of the CommonJS one, resolving its
// imports from src/transport/: the specifier below names src/transport/drift-check.ts from
// either directory (both are two levels below the root; `.js` as Node16 resolution wants it
// for import(), which the build maps back to the .ts source), and the build rewrites it to the
// sibling './drift-check.js' in dist/esm/transport. An ES module there, so its namespace is the
// module itself (no `default` to unwrap, unlike the CommonJS validators).
import type { DriftCheckModule } from '../../src/transport/validators-loader';

export function loadDriftCheck(): Promise<DriftCheckModule> {
  return import('../../src/transport/drift-check.js');
}
