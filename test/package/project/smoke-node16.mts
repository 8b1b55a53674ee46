// TypeScript, moduleResolution node16, an ES module (`import` types: dist/esm/*.d.ts).
import { createNodeWebhookHandler } from 'recrubo-sdk/webhooks/node';
import type { MockServer } from 'recrubo-sdk/mock';
import { createNodeFetch, type NodeFetch } from 'recrubo-sdk/node';
import { typedCalls } from './typed.js';

const handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void> = createNodeWebhookHandler({ secret: 'whsec', onEvent: () => undefined });
const mockUrl: MockServer['url'] | undefined = undefined;
const nodeFetch: NodeFetch = createNodeFetch();
nodeFetch.close();
void handler;
void mockUrl;
const env = process.env;
console.log(`TypeScript node16 (ESM): ok (${await typedCalls(env.RECRUBO_SMOKE_URL!, env.RECRUBO_SMOKE_RUN_ID!, env.RECRUBO_SMOKE_DRIFTED_ID!)})`);
