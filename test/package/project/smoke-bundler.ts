// TypeScript, moduleResolution bundler, browser-like: DOM lib and no @types/node, so the core's
// declarations must not need Node's types.
import { typedCalls } from './typed.js';

declare const process: { env: Record<string, string | undefined> };
const env = process.env;
console.log(`TypeScript bundler: ok (${await typedCalls(env.RECRUBO_SMOKE_URL!, env.RECRUBO_SMOKE_RUN_ID!, env.RECRUBO_SMOKE_DRIFTED_ID!)})`);
