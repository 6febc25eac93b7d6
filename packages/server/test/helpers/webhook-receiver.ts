/**
 * A local HTTPS webhook receiver whose behaviour a test switches while deliveries run: answer a status,
 * hang (never answer), or be down (port closed, then listening again on the same port). Records every
 * request and what it was answered. The certificate is made with the `openssl` binary, as in
 * https-receiver.ts, for VIGIL_WEBHOOK_CA_FILE.
 */
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import { makeTestCertificate } from './test-certificate.js';

export interface Delivered {
  webhookId: string;
  /** `alerts[0].id` of a Threat Stack payload */
  alertId: string;
  body: string;
  /** the status answered, or null while held / never answered */
  answered: number | null;
}

export type Behaviour = { answer: number } | { hang: true };

export interface ControlledReceiver {
  url: string;
  caFile: string;
  requests: Delivered[];
  /** how new requests are treated; `hangAfter` answers that many more, then hangs */
  set(behaviour: Behaviour, options?: { hangAfter?: number }): void;
  /** closes the port (every open connection dropped) */
  down(): Promise<void>;
  /** listens again on the same port */
  up(): Promise<void>;
  /** alert ids answered with a 2xx */
  deliveredAlerts(): Set<string>;
  close(): Promise<void>;
}

export async function startControlledReceiver(initial: Behaviour = { answer: 200 }): Promise<ControlledReceiver> {
  const certificate = makeTestCertificate();
  const tls = { key: certificate.key, cert: certificate.cert };
  let behaviour: Behaviour = initial;
  let answerBeforeHang = Infinity;
  const requests: Delivered[] = [];
  const held: ServerResponse[] = [];

  const handler = (req: import('node:http').IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let alertId = '';
      try {
        alertId = String(JSON.parse(body).alerts?.[0]?.id ?? '');
      } catch {
        // not a Threat Stack payload
      }
      const entry: Delivered = { webhookId: String(req.headers['webhook-id'] ?? ''), alertId, body, answered: null };
      requests.push(entry);
      const hang = 'hang' in behaviour || answerBeforeHang <= 0;
      answerBeforeHang--;
      if (hang) {
        held.push(res);
        return;
      }
      const code = (behaviour as { answer: number }).answer;
      entry.answered = code;
      res.writeHead(code, { 'content-type': 'text/plain' }).end(`answered ${code}`);
    });
  };

  let server: Server = createServer(tls, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const closeServer = async () => {
    for (const res of held.splice(0)) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url: `https://127.0.0.1:${port}`,
    caFile: certificate.certFile,
    requests,
    set(next, options = {}) {
      behaviour = next;
      answerBeforeHang = options.hangAfter ?? Infinity;
      if ('answer' in next && options.hangAfter === undefined) {
        // Held requests are dropped: their sender timed out or died long ago, or will retry.
        for (const res of held.splice(0)) res.destroy();
      }
    },
    down: closeServer,
    async up() {
      server = createServer(tls, handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
    },
    deliveredAlerts() {
      return new Set(requests.filter((r) => r.answered !== null && r.answered < 300).map((r) => r.alertId));
    },
    async close() {
      if (server.listening) await closeServer();
      certificate.remove();
    },
  };
}
