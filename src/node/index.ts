// recrubo-sdk/node: Node-only helpers, kept out of the core entry (which runs in browsers and
// edge runtimes too).
export { createNodeFetch, type NodeFetch, type NodeFetchOptions } from './fetch';
