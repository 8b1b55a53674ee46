// `npm run build`: dist/ with ESM (.js under "import"), CommonJS (.cjs) and declarations for
// both (.d.ts / .d.cts). Dependencies stay external; the generated spec types are inlined
// into the declarations, so users need nothing from generated/ at run time.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  treeshake: true,
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
});
