// WebhookSender over fetch: posts the JSON body with its Stripe-style signature and the delivery's id, within the
// post's timeout. The signature is `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
import { createHmac } from 'node:crypto';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, type WebhookPost, type WebhookSender } from '../../domain/alerts/webhook-sender.ts';

/** The signature header's value for `body` signed with `secret` at `timestamp`. */
export function webhookSignature(secret: string, body: string, timestamp: Date): string {
  const t = Math.floor(timestamp.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export const fetchWebhookSender: WebhookSender = {
  async send(post: WebhookPost): Promise<{ status: number }> {
    const res = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'cs-analytics-alerts',
        [SIGNATURE_HEADER]: webhookSignature(post.secret, post.body, post.timestamp),
        [DELIVERY_ID_HEADER]: post.deliveryId,
      },
      body: post.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    // The answer's body is not read: only its status counts, and the connection is let go at once.
    await res.body?.cancel().catch(() => {});
    return { status: res.status };
  },
};
