/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the base64 after `whsec_`.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/**
 * A new signing secret: `whsec_` and 24 random bytes in base64 (as Svix issues them).
 *
 * ```ts
 * newWebhookSecret(); // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
 * ```
 */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

/**
 * The v1 signature of one message under one secret.
 *
 * ```ts
 * signature('whsec_…', 'msg_1', 1700000000, '{"a":1}'); // 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='
 * ```
 */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The three headers of a signed delivery. With several secrets (a rotation's overlap) the signature
 * header lists one signature per secret, space-separated, so receivers holding either one verify.
 *
 * ```ts
 * signedHeaders(['whsec_…'], 'msg_1', '{"a":1}'); // { 'webhook-id': 'msg_1', 'webhook-timestamp': '…', 'webhook-signature': 'v1,…' }
 * ```
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  body: string,
  at: number = Date.now(),
): Record<string, string> {
  const timestamp = Math.floor(at / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signature(s, id, timestamp, body)).join(' '),
  };
}
