// The native fetch, without nock, limited to the loopback interface.
//
// nock 15.0.0 breaks every request with a body that it lets through to the network
// ("TypeError: unusable": its interceptor consumes the body before passing the request on),
// so the tests that talk to a real server on 127.0.0.1 use the unpatched fetch. The guard
// here keeps the rule of test/setup-network.ts: nothing but the loopback interface.
import nock from 'nock';

function capturePureFetch(): typeof globalThis.fetch {
  nock.restore();
  const pure = globalThis.fetch;
  nock.activate();
  return pure;
}

const pureFetch = capturePureFetch();

export async function loopbackFetch(request: Request): Promise<Response> {
  const { hostname } = new URL(request.url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new Error(`Tests may only reach the loopback interface, not ${hostname}.`);
  }
  return pureFetch(request);
}
