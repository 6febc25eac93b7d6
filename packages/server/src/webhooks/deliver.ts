/**
 * One HTTP POST of a signed webhook body: to the address the safety check resolved (pinned), with a
 * 10-second deadline, certificates verified (plus an optional extra CA), no redirects followed and at
 * most 64 KiB of the response read. Connections are kept alive and reused through the agents of
 * {@link deliverOptionsFrom}: a TLS handshake per delivery would cap throughput far below the target.
 * @module
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { LookupFunction } from 'node:net';
import { checkWebhookUrl, type UrlPolicy } from './url-safety.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface DeliverOptions extends UrlPolicy {
  /** PEM of an extra trusted CA (VIGIL_WEBHOOK_CA_FILE), added to the system roots */
  extraCa?: string;
  timeoutMs?: number;
  /** keep-alive agents (with the CA already in them); without them every send opens its own connection */
  agents?: { https: HttpsAgent; http: HttpAgent };
}

/** What happened; `statusCode` null when no response came (DNS, TLS, refused, timeout, unsafe URL). */
export interface DeliveryResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** up to 64 KiB of the response, as UTF-8 */
  body: string | null;
}

/**
 * POSTs `body` with `headers` to `url` after re-checking the URL's safety.
 *
 * ```ts
 * const r = await deliver('https://example.com/hook', body, signedHeaders([secret], id, body), { allowHttp: false, allowPrivate: false });
 * if (r.statusCode !== null && r.statusCode < 300) console.log('delivered');
 * ```
 */
export async function deliver(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const check = await checkWebhookUrl(url, options);
  if (!check.ok) return { statusCode: null, latencyMs: elapsed(), error: check.reason, body: null };
  const target = check.url;
  const pinned = check.addresses[0]!;
  // Connect to the address that passed the check, whatever DNS says a moment later.
  const lookup: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as any)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;

  return new Promise<DeliveryResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<DeliveryResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, latencyMs: elapsed() });
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        lookup,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Vigil-Webhooks/1',
        },
        ...(options.agents
          ? { agent: target.protocol === 'https:' ? options.agents.https : options.agents.http }
          : target.protocol === 'https:'
            ? { ca: options.extraCa ? [...rootCertificates, options.extraCa] : undefined, rejectUnauthorized: true, agent: false }
            : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish({ statusCode: res.statusCode ?? null, error: null, body: Buffer.concat(chunks).toString('utf8') });
        res.on('data', (chunk: Buffer) => {
          const room = MAX_RESPONSE_BYTES - size;
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size += chunk.length;
          // Enough read: the rest of a huge (or endless) body is not our problem.
          if (size >= MAX_RESPONSE_BYTES) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `timed out after ${timeoutMs} ms`, body: null });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({ statusCode: null, error: err.code ? `${err.code}: ${err.message}` : err.message, body: null });
    });
    req.end(body);
  });
}

/** Most connections kept per receiver host; sends beyond it wait for a free one. */
export const MAX_SOCKETS_PER_HOST = 256;

/** Reads VIGIL_WEBHOOK_CA_FILE, or throws a message naming the setting, the path and the fix. */
function readCaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`VIGIL_WEBHOOK_CA_FILE: cannot read ${resolve(file)} (${reason}); point it at a readable PEM file of the receivers' CA, or unset it`);
  }
}

/**
 * The delivery options of a deployment's webhook configuration: reads the extra CA file and makes the
 * keep-alive agents (one secure context, built once). Throws when the lease cannot cover a send.
 *
 * ```ts
 * const options = deliverOptionsFrom(config.webhooks);
 * ```
 */
export function deliverOptionsFrom(config: {
  allowHttp: boolean;
  allowPrivate: boolean;
  caFile?: string;
  timeoutMs?: number;
  leaseMs?: number;
}): DeliverOptions {
  const timeoutMs = config.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  if (config.leaseMs !== undefined && config.leaseMs <= timeoutMs) {
    throw new Error(
      `VIGIL_WEBHOOK_LEASE (${config.leaseMs} ms) must be longer than VIGIL_WEBHOOK_TIMEOUT (${timeoutMs} ms), or a slow send would be sent twice at once`,
    );
  }
  const extraCa = config.caFile ? readCaFile(config.caFile) : undefined;
  const secureContext = createSecureContext({ ca: extraCa ? [...rootCertificates, extraCa] : [...rootCertificates] });
  // Idle connections close after 4 s: before the 5 s keep-alive of common servers (Node's own), so a send
  // rarely picks a connection the receiver is closing.
  const pool = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST, scheduling: 'lifo' as const, timeout: 4000 };
  return {
    allowHttp: config.allowHttp,
    allowPrivate: config.allowPrivate,
    timeoutMs,
    ...(extraCa ? { extraCa } : {}),
    agents: { https: new HttpsAgent({ ...pool, secureContext, rejectUnauthorized: true }), http: new HttpAgent(pool) },
  };
}
