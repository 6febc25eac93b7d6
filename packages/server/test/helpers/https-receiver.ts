/**
 * A local HTTPS webhook receiver for tests: a self-signed certificate for 127.0.0.1 made with the
 * `openssl` binary, scripted answers per path, and a record of every request.
 */
import { createServer, type Server } from 'node:https';
import { makeTestCertificate } from './test-certificate.js';

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  /** https://127.0.0.1:<port> */
  url: string;
  /** file holding the certificate, to configure as VIGIL_WEBHOOK_CA_FILE */
  caFile: string;
  /** the status codes `path` answers, in order; the last one repeats (default 200) */
  script(path: string, codes: number[]): void;
  received(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const certificate = makeTestCertificate();
  const scripts = new Map<string, number[]>();
  const log: ReceivedRequest[] = [];
  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      log.push({ path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      const codes = scripts.get(path) ?? [200];
      const code = codes.length > 1 ? codes.shift()! : (codes[0] ?? 200);
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(`answered ${code}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    caFile: certificate.certFile,
    script: (path, codes) => void scripts.set(path, [...codes]),
    received: (path) => log.filter((r) => r.path === path),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      certificate.remove();
    },
  };
}
