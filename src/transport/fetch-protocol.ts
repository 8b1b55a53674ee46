// What a fetch can tell the SDK's transport to make a call cheaper, by registered symbols
// (`Symbol.for`, the same in every copy of the package). `createNodeFetch()` uses both; any
// fetch without them gets a Request and is read as a stream, as `RecruboOptions.fetch` says.
// Its own module, so that `recrubo-sdk/node` can use the symbols without loading the transport.

/**
 * On a fetch function: it takes `(url, init)` as the global fetch does, so the transport calls
 * it with the URL and a plain init, without building a Request (in Node, building a Request
 * costs about as much as parsing a small response).
 */
export const TAKES_URL_AND_INIT: unique symbol = Symbol.for('recrubo-sdk.fetch.takesUrlAndInit') as never;

/**
 * On a Response whose body already arrived whole: a method that hands over its bytes and marks
 * the body used (`undefined` when it was already used), so the transport reads them without a
 * stream. The Response still behaves as any other for everyone else.
 */
export const TAKE_COMPLETE_BODY: unique symbol = Symbol.for('recrubo-sdk.response.takeCompleteBody') as never;

export interface CompleteBody {
  [TAKE_COMPLETE_BODY](): Uint8Array | undefined;
}
