// The two ways a delivery can be refused. Neither ever holds the configured secret nor the
// header value that was received: messages name what is wrong, never what was sent.
import { RecruboError, type RecruboErrorOptions } from '../errors';

/** Why the `X-Recrubo-Webhook-Secret` header was refused. */
export type WebhookVerificationFailure = 'missing' | 'mismatch' | 'repeated';

/**
 * The `X-Recrubo-Webhook-Secret` header is missing or does not match the secret: the delivery
 * may not come from Recrubo. The handlers answer 401. Check the organization's
 * `webhookSecret` (PATCH /organizations/{id}) against the secret you configured.
 */
export class WebhookVerificationError extends RecruboError {
  /** `missing`: no header; `mismatch`: a different value; `repeated`: the header came more than once. */
  readonly reason: WebhookVerificationFailure;

  constructor(message: string, options: RecruboErrorOptions & { reason: WebhookVerificationFailure }) {
    super(message, options);
    this.reason = options.reason;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/**
 * The body is not JSON, or not a webhook payload (`{ data: { type: 'webhookPayload', id,
 * attributes: { event, resource, … } } }`). `pointer` is the JSON pointer of the part that is
 * wrong (`''` for the whole body). The handlers answer 400.
 */
export class WebhookPayloadError extends RecruboError {
  /** JSON pointer into the body, e.g. `/data/attributes/event`; `''` for the body as a whole. */
  readonly pointer: string;

  constructor(message: string, options: RecruboErrorOptions & { pointer: string }) {
    super(message, options);
    this.pointer = options.pointer;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), pointer: this.pointer };
  }
}
