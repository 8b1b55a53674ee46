// The shared secret check. Recrubo signs nothing: each delivery carries the organization's
// `webhookSecret` as is, in `X-Recrubo-Webhook-Secret`. Comparing it with `===` would return
// at the first differing character and let an attacker find the secret byte by byte from
// response times, so the comparison below reads every byte of the received value whatever
// it contains, and its duration depends only on the received value's length (which the
// sender knows anyway), not on the secret's content or length.
//
// Pure JavaScript on purpose: this module is part of the core entry, which must run in
// browsers and edge runtimes, so it cannot import `node:crypto` (`timingSafeEqual`).
import { ConfigurationError } from '../errors';
import { WebhookVerificationError } from './errors';
import { readHeader } from './headers';
import type { WebhookHeaders } from './types';

/** The header that carries the secret on every delivery. Lower case, as Node reports header names. */
export const WEBHOOK_SECRET_HEADER = 'x-recrubo-webhook-secret';

const encoder = new TextEncoder();
// What HTTP cannot carry in a header value (so such a secret could never match) and what it
// strips from both ends of one.
const CONTROL_CHARACTER = /[\x00-\x08\x0a-\x1f\x7f]/;
const EDGE_WHITESPACE = /^[ \t]|[ \t]$/;

/** A checked secret, ready to compare: only its bytes. */
export interface PreparedSecrets {
  readonly candidates: readonly Uint8Array[];
}

/**
 * Refuses a secret that could never verify a delivery (empty, whitespace at either end,
 * control characters) with a `ConfigurationError`, so that a missing environment variable
 * fails at setup instead of accepting or refusing every delivery. The message never
 * contains the secret.
 */
export function prepareSecrets(secret: unknown, where: string): PreparedSecrets {
  const list: readonly unknown[] = Array.isArray(secret) ? secret : [secret];
  if (list.length === 0) {
    throw new ConfigurationError(`${where}: the webhook secret list is empty. Pass the organization's webhookSecret.`);
  }
  const candidates = list.map((value, index) => {
    const which = Array.isArray(secret) ? `the webhook secret at index ${index}` : 'the webhook secret';
    if (typeof value !== 'string') {
      throw new ConfigurationError(`${where}: ${which} must be a string, got ${value === null ? 'null' : typeof value}. Pass the organization's webhookSecret.`);
    }
    if (value.length === 0) {
      throw new ConfigurationError(
        `${where}: ${which} is empty. An empty secret would make any request look like a delivery from Recrubo; is the environment variable set?`,
      );
    }
    if (EDGE_WHITESPACE.test(value)) {
      throw new ConfigurationError(`${where}: ${which} starts or ends with whitespace, which HTTP strips from header values, so no delivery could match it. Trim it (and the organization's webhookSecret).`);
    }
    if (CONTROL_CHARACTER.test(value)) {
      throw new ConfigurationError(`${where}: ${which} contains a control character (a newline?), which an HTTP header cannot carry, so no delivery could match it.`);
    }
    return encoder.encode(value);
  });
  return { candidates };
}

/**
 * Throws `WebhookVerificationError` unless the headers carry exactly one
 * `X-Recrubo-Webhook-Secret` equal to one of the secrets. Every candidate secret is compared
 * (no early exit on a match either).
 */
export function verifySecretHeader(headers: WebhookHeaders, secrets: PreparedSecrets): void {
  const header = readHeader(headers, WEBHOOK_SECRET_HEADER);
  if (header.kind === 'missing') {
    throw new WebhookVerificationError('The request has no X-Recrubo-Webhook-Secret header: it does not come from Recrubo (or a proxy dropped the header).', {
      reason: 'missing',
    });
  }
  if (header.kind === 'repeated') {
    throw new WebhookVerificationError('The request carries the X-Recrubo-Webhook-Secret header more than once; a delivery from Recrubo carries it once.', {
      reason: 'repeated',
    });
  }
  if (!matchesAny(header.value.replace(/^[ \t]+|[ \t]+$/g, ''), secrets)) {
    throw new WebhookVerificationError(
      "The X-Recrubo-Webhook-Secret header does not match the webhook secret. Check that the secret you configured is the organization's webhookSecret.",
      { reason: 'mismatch' },
    );
  }
}

function matchesAny(received: string, secrets: PreparedSecrets): boolean {
  // Node and Fetch runtimes decode header bytes as Latin-1, so a non-ASCII secret sent as
  // UTF-8 arrives as one character per byte: compare those bytes, and the UTF-8 encoding of
  // the string as given (a header object built by hand). Both are the same for ASCII.
  const asUtf8 = encoder.encode(received);
  const asBytes = latin1Bytes(received) ?? asUtf8;
  let matched = 0;
  for (const candidate of secrets.candidates) {
    matched |= Number(timingSafeEqualBytes(asUtf8, candidate)) | Number(timingSafeEqualBytes(asBytes, candidate));
  }
  return matched === 1;
}

function latin1Bytes(value: string): Uint8Array | undefined {
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

/**
 * Constant-time equality of two byte sequences: reads every byte of `received` (and as many
 * of `expected`, cycling over it) whatever they contain, and accumulates the differences
 * instead of returning at the first one. The loop length is `received.length` only, so
 * neither the content nor the length of `expected` shows in the time it takes.
 * An empty `expected` never matches.
 */
export function timingSafeEqualBytes(received: ArrayLike<number>, expected: ArrayLike<number>): boolean {
  const receivedLength = received.length;
  const expectedLength = expected.length;
  if (expectedLength === 0) return false;
  let difference = receivedLength ^ expectedLength;
  for (let i = 0; i < receivedLength; i++) {
    difference |= (received[i] as number) ^ (expected[i % expectedLength] as number);
  }
  return difference === 0;
}
