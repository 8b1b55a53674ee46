// What a failed fetch says about the request. Native fetch rejects with a bare
// `TypeError: fetch failed` (from another realm under jest), with the system error in its
// `cause` chain; only the codes there tell "never connected" from "connection lost".

/**
 * Codes raised while the connection was being set up, before any byte of the request was
 * written: the server cannot have acted on the request, so even a POST may be sent again.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface NetworkFailure {
  /** True when the request certainly never reached the server. */
  notSent: boolean;
  /** The most specific error code found (`ECONNREFUSED`, `UND_ERR_SOCKET`, …), if any. */
  code: string | undefined;
  /** The innermost message, for the error text: "connect ECONNREFUSED 127.0.0.1:443". */
  reason: string;
}

function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The error, its `cause` chain and the members of any AggregateError, outermost first. */
function chainOf(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && seen.length < 16) {
    const current = queue.shift();
    if (current === undefined || current === null || seen.includes(current)) continue;
    seen.push(current);
    queue.push(fieldOf(current, 'cause'));
    const members = fieldOf(current, 'errors');
    if (Array.isArray(members)) queue.push(...members);
  }
  return seen;
}

export function classifyNetworkError(error: unknown): NetworkFailure {
  const chain = chainOf(error);
  const codes = chain.map((e) => fieldOf(e, 'code')).filter((c): c is string => typeof c === 'string');
  const messages = chain.map((e) => fieldOf(e, 'message')).filter((m): m is string => typeof m === 'string' && m !== '');
  return {
    // Every code must say "not sent": an AggregateError of one refused and one reset address is ambiguous.
    notSent: codes.length > 0 && codes.every((c) => NOT_SENT_CODES.has(c)),
    code: codes[codes.length - 1],
    reason: messages[messages.length - 1] ?? String(error),
  };
}
