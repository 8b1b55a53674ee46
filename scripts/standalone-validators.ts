// The build step both validator generators share: ajv standalone code for a set of exports,
// bundled by esbuild into one CommonJS module that needs no ajv at run time.
import type Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { build } from 'esbuild';
import { ROOT } from './spec-files';

export interface StandaloneModule {
  /** The virtual module id the entry requires, e.g. `recrubo-validators:standalone` (its prefix names the esbuild namespace). */
  virtualModule: string;
  /** File name esbuild gives the entry. */
  entryName: string;
  /** Extra CommonJS exports written before `exports.validators`, e.g. a lookup table. */
  preamble?: string;
}

/** `exportsToRefs`: export name → schema ref already registered on `ajv`. Returns the bundled module's code. */
export async function bundleStandaloneValidators(ajv: Ajv2020, exportsToRefs: Record<string, string>, module: StandaloneModule): Promise<string> {
  const standalone = standaloneCode(ajv, exportsToRefs);
  const namespace = module.virtualModule.slice(0, module.virtualModule.indexOf(':'));
  const entry = `"use strict";\n${module.preamble ?? ''}exports.validators = require(${JSON.stringify(module.virtualModule)});\n`;
  const bundled = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: module.entryName, loader: 'js' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [
      {
        name: `${namespace}-standalone`,
        setup(plugin) {
          plugin.onResolve({ filter: new RegExp(`^${namespace}:`) }, (args) => ({ path: args.path, namespace }));
          plugin.onLoad({ filter: /.*/, namespace }, () => ({ contents: standalone, loader: 'js', resolveDir: ROOT }));
        },
      },
    ],
  });
  const code = bundled.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no output for ${module.entryName}`);
  return code;
}

/** The declarations of a validate function, shared by both generated `.d.ts` files. */
export function validateFunctionTypes(prefix: string): string {
  return `export interface ${prefix}ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ${prefix}ValidateFunction {
  (data: unknown): boolean;
  errors?: ${prefix}ValidationError[] | null;
}
`;
}
