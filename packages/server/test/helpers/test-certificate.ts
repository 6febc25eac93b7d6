/**
 * A throw-away self-signed TLS certificate for 127.0.0.1 (and localhost), made with the `openssl` binary, for
 * local HTTPS receivers; its file is what tests pass as VIGIL_WEBHOOK_CA_FILE.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  keyFile: string;
  certFile: string;
  key: Buffer;
  cert: Buffer;
  /** deletes the files */
  remove(): void;
}

/**
 * ```ts
 * const tls = makeTestCertificate();
 * const server = https.createServer({ key: tls.key, cert: tls.cert }, handler);
 * ```
 */
export function makeTestCertificate(prefix = 'vigil-receiver-'): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return {
    keyFile,
    certFile,
    key: readFileSync(keyFile),
    cert: readFileSync(certFile),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
