import fc from 'fast-check';
import { ConfigurationError } from '../errors';
import { readHeader } from './headers';
import { prepareSecrets, timingSafeEqualBytes, verifySecretHeader } from './secret';
import { WebhookVerificationError } from './errors';

/** A byte array whose indexed reads are counted (the comparison's only access to the bytes). */
function counted(bytes: Uint8Array): { view: Uint8Array; reads: () => number; indices: number[] } {
  const indices: number[] = [];
  const view = new Proxy(bytes, {
    get(target, property) {
      if (typeof property === 'string' && /^\d+$/.test(property)) indices.push(Number(property));
      return Reflect.get(target, property);
    },
  });
  return { view, reads: () => indices.length, indices };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('timingSafeEqualBytes', () => {
  test('equal and unequal values', () => {
    expect(timingSafeEqualBytes(bytes('s3cret'), bytes('s3cret'))).toBe(true);
    expect(timingSafeEqualBytes(bytes('s3creT'), bytes('s3cret'))).toBe(false);
    expect(timingSafeEqualBytes(bytes('s3cre'), bytes('s3cret'))).toBe(false);
    expect(timingSafeEqualBytes(bytes('s3cretX'), bytes('s3cret'))).toBe(false);
    expect(timingSafeEqualBytes(bytes('s3cret'.repeat(2)), bytes('s3cret'))).toBe(false);
    expect(timingSafeEqualBytes(bytes(''), bytes('s3cret'))).toBe(false);
    expect(timingSafeEqualBytes(bytes(''), bytes(''))).toBe(false);
  });

  test('no early return: every byte is read whether the first, a middle or no byte differs', () => {
    const secret = bytes('whsec_0123456789abcdef');
    const variants = ['Xhsec_0123456789abcdef', 'whsec_01234X6789abcdef', 'whsec_0123456789abcdeX', 'whsec_0123456789abcdef'];
    for (const variant of variants) {
      const received = counted(bytes(variant));
      const expected = counted(secret);
      timingSafeEqualBytes(received.view, expected.view);
      expect([variant, received.indices]).toEqual([variant, [...Array(secret.length).keys()]]);
      expect([variant, expected.reads()]).toEqual([variant, secret.length]);
    }
  });

  test('the work depends only on the received length, never on the secret\'s content or length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 1, maxLength: 64 }), (a, b) => {
        const received = counted(a);
        const expected = counted(b);
        const result = timingSafeEqualBytes(received.view, expected.view);
        expect(result).toBe(a.length === b.length && a.every((x, i) => x === b[i]));
        expect(received.reads()).toBe(a.length);
        expect(expected.reads()).toBe(a.length);
      }),
    );
  });
});

describe('verifySecretHeader', () => {
  test('checks every configured secret, even after one matched', () => {
    const secrets = prepareSecrets(['whsec_first', 'whsec_second', 'whsec_third'], 'test');
    const probes = secrets.candidates.map((candidate) => counted(candidate));
    verifySecretHeader({ 'x-recrubo-webhook-secret': 'whsec_first' }, { candidates: probes.map((p) => p.view) });
    // Two readings of the received value (UTF-8 and Latin-1), each compared to each secret in full.
    expect(probes.map((p) => p.reads())).toEqual([22, 22, 22]);
  });

  test('a missing header, a short value and the right one', () => {
    const secrets = prepareSecrets('whsec_secret', 'test');
    expect(() => verifySecretHeader({}, secrets)).toThrow(WebhookVerificationError);
    expect(() => verifySecretHeader({ 'x-recrubo-webhook-secret': 'w' }, secrets)).toThrow(WebhookVerificationError);
    expect(() => verifySecretHeader({ 'x-recrubo-webhook-secret': 'whsec_secret' }, secrets)).not.toThrow();
  });
});

describe('prepareSecrets', () => {
  test.each([[''], ['  '], ['\tabc'], ['abc '], ['ab\r\ncd'], ['a\u0000b'], [42], [[]], [['ok', 7]]])('refuses %p', (secret) => {
    expect(() => prepareSecrets(secret, 'here')).toThrow(ConfigurationError);
  });
  test('accepts printable secrets, inner spaces and non-ASCII', () => {
    expect(prepareSecrets('a b', 'here').candidates).toHaveLength(1);
    expect(prepareSecrets(['geheim-€', 'x'], 'here').candidates).toHaveLength(2);
  });
});

describe('readHeader', () => {
  test('Fetch Headers, Node objects in any case, arrays, numbers', () => {
    expect(readHeader(new Headers({ 'X-A': '1' }), 'x-a')).toEqual({ kind: 'value', value: '1' });
    expect(readHeader({ 'X-a': '1' }, 'x-a')).toEqual({ kind: 'value', value: '1' });
    expect(readHeader({ 'x-a': ['1'] }, 'x-a')).toEqual({ kind: 'value', value: '1' });
    expect(readHeader({ 'x-a': 3 }, 'x-a')).toEqual({ kind: 'value', value: '3' });
    expect(readHeader({ 'x-a': ['1', '2'] }, 'x-a')).toEqual({ kind: 'repeated' });
    expect(readHeader({ 'x-a': undefined }, 'x-a')).toEqual({ kind: 'missing' });
    expect(readHeader({ 'x-ab': '1' }, 'x-a')).toEqual({ kind: 'missing' });
    expect(readHeader(undefined, 'x-a')).toEqual({ kind: 'missing' });
    // A header called `get` is a value, not a Fetch Headers method.
    expect(readHeader({ get: 'x', 'x-a': '1' }, 'x-a')).toEqual({ kind: 'value', value: '1' });
  });
});
