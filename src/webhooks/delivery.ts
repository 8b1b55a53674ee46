// What both handlers do with one delivery, whatever the host: the options and their checks,
// the order of the checks (method, secret, size, body, callback), the status of each outcome
// and the small JSON body that goes with it. The hosts only read bytes and write responses.
import { ConfigurationError } from '../errors';
import { parseWebhookBody } from './construct-event';
import { WebhookPayloadError, WebhookVerificationError } from './errors';
import { prepareSecrets, verifySecretHeader, type PreparedSecrets } from './secret';
import type { WebhookEvent, WebhookHeaders, WebhookSecret } from './types';

/** Default `maxBodyBytes`: 1 MiB, far above one resource in a payload. */
export const DEFAULT_MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** Default `bodyTimeoutMs`: 10 s for the whole body to arrive once the headers have. */
export const DEFAULT_WEBHOOK_BODY_TIMEOUT_MS = 10_000;

/** Where a failure happened and what the sender was answered. */
export interface WebhookErrorContext {
  /** The HTTP status the delivery was answered with (200 when the callback failed after an immediate acknowledgement). */
  status: number;
  /** The event, when the failure is the callback's. */
  event: WebhookEvent | undefined;
}

export interface WebhookHandlerOptions {
  /** The organization's `webhookSecret` (several while you rotate it). Required; an empty one is a `ConfigurationError` at once. */
  secret: WebhookSecret;
  /**
   * Receives each verified event. Redeliveries carry the same `event.id`: de-duplicate on it.
   * Keep it short (store or enqueue the event, then return): see `acknowledge`.
   */
  onEvent: (event: WebhookEvent) => void | Promise<void>;
  /**
   * When the delivery is answered. Default `'after-callback'`.
   * - `'after-callback'`: 200 once `onEvent` has resolved; 500 if it throws or rejects, so
   *   Recrubo delivers the event again later (at least once; up to 5 retries over 24 hours).
   * - `'immediately'`: 200 as soon as the event is verified and parsed; `onEvent` runs
   *   afterwards and its failure goes only to `onError` (Recrubo will not retry it). In a Fetch
   *   handler, pass the runtime's `waitUntil` so the callback may outlive the response.
   */
  acknowledge?: 'after-callback' | 'immediately';
  /** Largest body accepted, in bytes; a larger one is answered 413 without being read. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Time for the whole body to arrive, in ms; a client that stalls is answered 408 and disconnected. Default 10 000. */
  bodyTimeoutMs?: number;
  /**
   * Told about every refused delivery (401, 400, 413, 408) and every callback failure, for
   * logging. Default: callback failures go to `console.error`; refusals are not logged (anyone
   * can send them). Never throws into the handler: its own errors are ignored.
   */
  onError?: (error: unknown, context: WebhookErrorContext) => void;
}

export interface DeliveryConfig {
  secrets: PreparedSecrets;
  onEvent: (event: WebhookEvent) => void | Promise<void>;
  acknowledge: 'after-callback' | 'immediately';
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  onError: (error: unknown, context: WebhookErrorContext) => void;
}

/** An answer to a delivery, independent of the host. */
export interface DeliveryResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Checks the options once, when the handler is created. */
export function resolveOptions(options: WebhookHandlerOptions, where: string): DeliveryConfig {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(`${where}: expected options { secret, onEvent }.`);
  }
  const secrets = prepareSecrets(options.secret, where);
  if (typeof options.onEvent !== 'function') {
    throw new ConfigurationError(`${where}: onEvent must be a function that receives each verified event.`);
  }
  const acknowledge = options.acknowledge ?? 'after-callback';
  if (acknowledge !== 'after-callback' && acknowledge !== 'immediately') {
    throw new ConfigurationError(`${where}: acknowledge must be 'after-callback' or 'immediately'.`);
  }
  return {
    secrets,
    onEvent: options.onEvent,
    acknowledge,
    maxBodyBytes: positiveInteger(options.maxBodyBytes, DEFAULT_MAX_WEBHOOK_BODY_BYTES, 'maxBodyBytes', where),
    bodyTimeoutMs: positiveInteger(options.bodyTimeoutMs, DEFAULT_WEBHOOK_BODY_TIMEOUT_MS, 'bodyTimeoutMs', where),
    onError: options.onError ?? defaultOnError,
  };
}

function positiveInteger(value: number | undefined, fallback: number, name: string, where: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigurationError(`${where}: ${name} must be a positive integer, got ${String(value)}.`);
  return value;
}

function defaultOnError(error: unknown, context: WebhookErrorContext): void {
  if (context.event !== undefined) console.error(`recrubo-sdk: the webhook callback failed for delivery ${context.event.id}:`, error);
}

/** Before any byte of the body is read: the method, then the secret, then the announced size. */
export function checkRequest(config: DeliveryConfig, method: string | undefined, headers: WebhookHeaders, contentLength: string | null | undefined): DeliveryResponse | undefined {
  if (method !== 'POST') return answer(405, 'Webhook deliveries are POST requests.', { allow: 'POST' });
  try {
    verifySecretHeader(headers, config.secrets);
  } catch (error) {
    return refuse(config, error);
  }
  if (contentLength !== null && contentLength !== undefined && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > config.maxBodyBytes) {
    return tooLarge(config);
  }
  return undefined;
}

export function tooLarge(config: DeliveryConfig): DeliveryResponse {
  const error = new WebhookPayloadError(`The body is larger than maxBodyBytes (${config.maxBodyBytes} bytes).`, { pointer: '' });
  report(config, error, { status: 413, event: undefined });
  return answer(413, error.message);
}

export function bodyTimedOut(config: DeliveryConfig): DeliveryResponse {
  const error = new WebhookPayloadError(`The body did not arrive within bodyTimeoutMs (${config.bodyTimeoutMs} ms).`, { pointer: '' });
  report(config, error, { status: 408, event: undefined });
  return answer(408, error.message);
}

/** The body stream failed half-way (the client disconnected). */
export function unreadable(config: DeliveryConfig): DeliveryResponse {
  const error = new WebhookPayloadError('The body could not be read to its end (the connection broke).', { pointer: '' });
  report(config, error, { status: 400, event: undefined });
  return answer(400, error.message);
}

/** A body the host could not get (e.g. a body parser consumed it): the receiver is misconfigured. */
export function misconfigured(config: DeliveryConfig, message: string): DeliveryResponse {
  report(config, new ConfigurationError(message), { status: 500, event: undefined });
  return answer(500, 'The webhook receiver is misconfigured.');
}

/**
 * Parses the body and runs the callback as `acknowledge` says. `waitUntil` keeps an
 * immediately acknowledged callback alive where the host needs to be told (edge runtimes).
 */
export async function deliver(config: DeliveryConfig, body: Uint8Array, waitUntil?: (promise: Promise<unknown>) => void): Promise<DeliveryResponse> {
  let event: WebhookEvent;
  try {
    event = parseWebhookBody(body);
  } catch (error) {
    return refuse(config, error);
  }
  if (config.acknowledge === 'immediately') {
    const run = runCallback(config, event).then((failure) => {
      if (failure !== undefined) report(config, failure.error, { status: 200, event });
    });
    waitUntil?.(run);
    return answer(200, undefined);
  }
  const failure = await runCallback(config, event);
  if (failure === undefined) return answer(200, undefined);
  report(config, failure.error, { status: 500, event });
  // The callback's error stays out of the response: it may hold anything.
  return answer(500, 'The webhook callback failed; deliver the event again later.');
}

async function runCallback(config: DeliveryConfig, event: WebhookEvent): Promise<{ error: unknown } | undefined> {
  try {
    await config.onEvent(event);
    return undefined;
  } catch (error) {
    return { error };
  }
}

function refuse(config: DeliveryConfig, error: unknown): DeliveryResponse {
  const status = error instanceof WebhookVerificationError ? 401 : error instanceof WebhookPayloadError ? 400 : 500;
  report(config, error, { status, event: undefined });
  if (status === 500) return answer(500, 'The webhook receiver failed.');
  return answer(status, (error as Error).message);
}

function report(config: DeliveryConfig, error: unknown, context: WebhookErrorContext): void {
  try {
    config.onError(error, context);
  } catch {
    // A logging hook must not turn an answered delivery into a crash.
  }
}

function answer(status: number, message: string | undefined, headers: Record<string, string> = {}): DeliveryResponse {
  const body = message === undefined ? { received: true } : { error: message };
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
