// Resource ids and tokens from a seeded generator: the same seed gives the same ids, so a
// demo's output and a test's snapshots are reproducible. The ids are RFC 4122 version-4
// shaped (the spec types ids `format: uuid`).

export interface IdGenerator {
  uuid(): string;
  /** A random-looking token of `prefix` and 32 hex digits. */
  token(prefix: string): string;
}

/** mulberry32: small, fast, good enough for ids that only need to be distinct. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createIdGenerator(seed: number): IdGenerator {
  const random = mulberry32(seed);
  const hex = (digits: number): string => {
    let out = '';
    for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
    return out;
  };
  return {
    uuid() {
      const variant = (8 + Math.floor(random() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
    token: (prefix) => `${prefix}${hex(32)}`,
  };
}
