// Joining the chunks of a body read by hand (the transport's body reader, the Node webhook handler).

/** The chunks as one array of `length` bytes; a single chunk is returned as it is. */
export function concatBytes(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
