// The response body as the SDK hands it on: a stream that still obeys the call's deadline
// and the caller's signal while it is read (openapi-fetch reads it after fetch resolved),
// that stops at `maxBytes`, and that turns a connection lost half-way into a typed error.
// Whatever way it ends (read to the end, failed, cancelled), `onEnd` runs exactly once.
import type { RecruboError } from '../errors';

/** The typed errors a body read can end with (the transport builds them with the request's context). */
export interface BodyErrors {
  /** The error for an aborted signal (timeout or caller). */
  abortError(cause: unknown): RecruboError;
  /** The error for a body that stopped arriving (connection reset, truncated). */
  failure(cause: unknown): RecruboError;
  tooLarge(): RecruboError;
}

/** How much of a body is read. */
export interface BodyCap {
  maxBytes: number;
  /**
   * `'error'`: exceeding the limit fails the read (a success body must be complete to be used).
   * `'truncate'`: the body ends at the limit (an error body only needs its beginning).
   */
  overflow: 'error' | 'truncate';
}

export interface BodyGuard extends BodyErrors, BodyCap {
  signal: AbortSignal;
  onEnd(): void;
}

export function guardBody(source: ReadableStream<Uint8Array>, guard: BodyGuard): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  let ended = false;
  let controller: ReadableStreamDefaultController<Uint8Array>;

  const end = (): void => {
    if (ended) return;
    ended = true;
    guard.signal.removeEventListener('abort', onAbort);
    guard.onEnd();
  };
  const stop = (): void => {
    reader.cancel().catch(() => undefined);
  };
  // A custom fetch may ignore the signal: the guard enforces it on the body itself.
  function onAbort(): void {
    if (ended) return;
    end();
    controller.error(guard.abortError(guard.signal.reason));
    stop();
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (guard.signal.aborted) onAbort();
        else guard.signal.addEventListener('abort', onAbort, { once: true });
      },
      async pull(c) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (ended) return;
          end();
          c.error(guard.signal.aborted ? guard.abortError(guard.signal.reason) : guard.failure(error));
          return;
        }
        if (ended) return;
        if (chunk.done) {
          end();
          c.close();
          return;
        }
        const room = guard.maxBytes - received;
        received += chunk.value.byteLength;
        if (chunk.value.byteLength <= room) {
          c.enqueue(chunk.value);
          return;
        }
        end();
        stop();
        if (guard.overflow === 'error') {
          c.error(guard.tooLarge());
          return;
        }
        if (room > 0) c.enqueue(chunk.value.subarray(0, room));
        c.close();
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
