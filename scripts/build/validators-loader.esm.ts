// The ESM build's src/transport/validators-loader.ts (see there): ESM has no `require`, so the
// generated validators are imported on demand. The build compiles this file in place of the
// CommonJS one, resolving its imports from src/transport/, so that the specifier below names
// the same generated/validators.js that the package ships (a CommonJS module: Node and bundlers
// give it to import() as the namespace's `default`, and Node also as named exports).
import type { GeneratedModule } from '../../src/transport/validators-loader';

type Imported = GeneratedModule | { default: GeneratedModule };

export function loadValidatorsModule(): Promise<GeneratedModule> {
  return import('../../generated/validators.js').then((namespace: Imported) => ('default' in namespace ? namespace.default : namespace));
}
