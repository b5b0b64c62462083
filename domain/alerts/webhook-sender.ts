// The WebhookSender port: posts one signed body to a receiver, once. Signing belongs to the adapter (it has the
// crypto); retries, backoff and the log of attempts belong to AlertDispatcher.

/** One post: the body is signed with `secret` at `timestamp` (see README "Alerts" for the header). */
export interface WebhookPost {
  readonly url: string;
  readonly deliveryId: string;
  readonly body: string;
  readonly secret: string;
  readonly timestamp: Date;
  readonly timeoutMs: number;
}

export interface WebhookSender {
  /** The receiver's HTTP status; rejects on a network error or when no answer came within `timeoutMs`. */
  send(post: WebhookPost): Promise<{ status: number }>;
}

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = 'X-CS-Analytics-Signature';
/** The delivery's id, the same on every retry: a receiver drops a delivery it has seen. */
export const DELIVERY_ID_HEADER = 'X-CS-Analytics-Delivery';

/** When a delivery is tried again: after each delay in turn (one more attempt per delay), each post within `timeoutMs`. */
export interface RetryPolicy {
  readonly delaysMs: readonly number[];
  readonly timeoutMs: number;
}

/** Four attempts over about 21 s (1, 4, 16 s apart), 10 s each. */
export const defaultRetryPolicy: RetryPolicy = { delaysMs: [1_000, 4_000, 16_000], timeoutMs: 10_000 };
