// Which native fetch failures prove the request was never sent (so even a POST may be re-sent).
import vm from 'node:vm';
import { classifyNetworkError } from '../../src/transport/network-error';

const fetchFailed = (cause: unknown): unknown => Object.assign(new TypeError('fetch failed'), { cause });
const sys = (code: string, message = `connect ${code} 127.0.0.1:9`): Error => Object.assign(new Error(message), { code });

it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])('%s: not sent', (code) => {
  expect(classifyNetworkError(fetchFailed(sys(code)))).toMatchObject({ notSent: true, code });
});

it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ETIMEDOUT'])('%s: may have been sent', (code) => {
  expect(classifyNetworkError(fetchFailed(sys(code))).notSent).toBe(false);
});

it('needs every address of an AggregateError to have refused', () => {
  const allRefused = new AggregateError([sys('ECONNREFUSED'), sys('ECONNREFUSED')], 'connect failed');
  const mixed = new AggregateError([sys('ECONNREFUSED'), sys('ECONNRESET')], 'connect failed');
  expect(classifyNetworkError(fetchFailed(allRefused)).notSent).toBe(true);
  expect(classifyNetworkError(fetchFailed(mixed)).notSent).toBe(false);
});

it('counts an error with no code at all as possibly sent', () => {
  expect(classifyNetworkError(new TypeError('fetch failed'))).toMatchObject({ notSent: false, code: undefined, reason: 'fetch failed' });
  expect(classifyNetworkError('weird')).toMatchObject({ notSent: false, reason: 'weird' });
});

it('reads errors from another realm, and survives a cause cycle', () => {
  const foreign = vm.runInNewContext('const e = new TypeError("fetch failed"); e.cause = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }); e');
  expect(classifyNetworkError(foreign)).toMatchObject({ notSent: true, reason: 'connect ECONNREFUSED' });
  const a: { message: string; cause?: unknown } = { message: 'a' };
  a.cause = a;
  expect(classifyNetworkError(a).reason).toBe('a');
});
