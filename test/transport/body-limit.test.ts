// The guarded body stream: a limit, truncation for error bodies, abort while reading, a lost
// connection mapped to a typed error, and `onEnd` exactly once whichever way it ends.
import fc from 'fast-check';
import { ConnectionError, RecruboError, ResponseTooLargeError, TimeoutError } from '../../src/errors';
import { guardBody, type BodyGuard } from '../../src/transport/body-limit';

function source(chunks: Uint8Array[], then: 'close' | 'error' | 'hang' = 'close'): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < chunks.length) c.enqueue(chunks[i++]!);
      else if (then === 'close') c.close();
      else if (then === 'error') c.error(new TypeError('terminated'));
      else return new Promise(() => undefined);
      return undefined;
    },
  });
}

function guard(overrides: Partial<BodyGuard> = {}): BodyGuard & { ends: number } {
  const g = {
    ends: 0,
    maxBytes: 10,
    overflow: 'error' as const,
    signal: new AbortController().signal,
    abortError: (cause: unknown) => new TimeoutError('timed out', { cause }),
    failure: (cause: unknown) => new ConnectionError('lost', { cause }),
    tooLarge: () => new ResponseTooLargeError('too large', { limitBytes: 10 }),
    onEnd: () => {
      g.ends++;
    },
    ...overrides,
  };
  return g;
}

const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(65);
const text = (stream: ReadableStream<Uint8Array>): Promise<string> => new Response(stream).text();

it('passes a body within the limit through unchanged', async () => {
  const g = guard();
  expect(await text(guardBody(source([bytes(4), bytes(6)]), g))).toBe('A'.repeat(10));
  expect(g.ends).toBe(1);
});

it('fails a success body that exceeds the limit', async () => {
  const g = guard();
  await expect(text(guardBody(source([bytes(6), bytes(6)]), g))).rejects.toBeInstanceOf(ResponseTooLargeError);
  expect(g.ends).toBe(1);
});

it('truncates an error body at the limit instead', async () => {
  const g = guard({ overflow: 'truncate' });
  expect(await text(guardBody(source([bytes(6), bytes(6), bytes(100)]), g))).toBe('A'.repeat(10));
  expect(g.ends).toBe(1);
});

it('maps a lost connection to the failure error, with the cause', async () => {
  const g = guard();
  const error = (await text(guardBody(source([bytes(3)], 'error'), g)).catch((e: unknown) => e)) as RecruboError;
  expect(error).toBeInstanceOf(ConnectionError);
  expect((error.cause as Error).message).toBe('terminated');
  expect(g.ends).toBe(1);
});

it('ends a read that hangs when the signal aborts', async () => {
  const controller = new AbortController();
  const g = guard({ signal: controller.signal });
  const reading = text(guardBody(source([bytes(3)], 'hang'), g));
  setTimeout(() => controller.abort(), 5);
  await expect(reading).rejects.toBeInstanceOf(TimeoutError);
  expect(g.ends).toBe(1);
});

it('fails at once when the signal has already aborted', async () => {
  const g = guard({ signal: AbortSignal.abort() });
  await expect(text(guardBody(source([bytes(3)]), g))).rejects.toBeInstanceOf(TimeoutError);
  expect(g.ends).toBe(1);
});

it('ends once when the reader cancels', async () => {
  const g = guard();
  await guardBody(source([bytes(3)], 'hang'), g).cancel();
  expect(g.ends).toBe(1);
});

it('never lets more than maxBytes through, whatever the chunking (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }), fc.integer({ min: 1, max: 120 }), fc.boolean(), async (sizes, maxBytes, truncate) => {
      const total = sizes.reduce((a, b) => a + b, 0);
      const g = guard({ maxBytes, overflow: truncate ? 'truncate' : 'error' });
      const result = await text(guardBody(source(sizes.map(bytes)), g)).then(
        (t) => t.length,
        (e: unknown) => e,
      );
      if (total <= maxBytes) expect(result).toBe(total);
      else if (truncate) expect(result).toBe(maxBytes);
      else expect(result).toBeInstanceOf(ResponseTooLargeError);
      expect(g.ends).toBe(1);
    }),
    { numRuns: 200 },
  );
});
