// Reads a response body to text for the resource methods, which never hand the Response on:
// the bytes are counted as they arrive (a success body over `maxBytes` fails, an error body
// is cut there), and the call's signal (deadline or caller's abort) stops the read even when
// a custom fetch ignores it. The `recrubo.raw` path wraps the stream instead (body-limit.ts),
// because openapi-fetch reads the body after the transport has returned.
import { concatBytes } from '../bytes';
import type { BodyCap, BodyErrors } from './body-limit';

const decoder = new TextDecoder();

export async function readBodyText(body: ReadableStream<Uint8Array>, { maxBytes, overflow }: BodyCap, signal: AbortSignal, errors: BodyErrors): Promise<string> {
  const reader = body.getReader();
  // Cancelling the reader settles a pending read(); the loop then sees the aborted signal.
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw signal.aborted ? errors.abortError(signal.reason) : errors.failure(error);
      }
      if (signal.aborted) throw errors.abortError(signal.reason);
      if (chunk.done) break;
      const room = maxBytes - received;
      if (chunk.value.byteLength > room) {
        reader.cancel().catch(() => undefined);
        if (overflow === 'error') throw errors.tooLarge();
        if (room > 0) chunks.push(chunk.value.subarray(0, room));
        received = maxBytes;
        break;
      }
      chunks.push(chunk.value);
      received += chunk.value.byteLength;
    }
    return decoder.decode(concatBytes(chunks, received));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The same for a body that arrived whole (a fetch's TAKE_COMPLETE_BODY, fetch-protocol.ts). */
export function completeBodyText(bytes: Uint8Array, { maxBytes, overflow }: BodyCap, errors: BodyErrors): string {
  if (bytes.byteLength <= maxBytes) return decoder.decode(bytes);
  if (overflow === 'error') throw errors.tooLarge();
  return decoder.decode(bytes.subarray(0, maxBytes));
}
