// The core as a browser app imports it (bundled by check-package.ts with esbuild, platform
// 'browser'): must bundle without Node built-ins, with the validators and the drift checks
// (transport/drift-check.js) in a separate chunk that only import() loads.
import { Recrubo, deserialize } from 'recrubo-sdk';

export const recrubo = new Recrubo({ apiKey: 'rk_browser', validateResponses: 'warn' });
export { deserialize };
