/**
 * A tiny Hawk-speaking server on 127.0.0.1:0 for transport tests: it authenticates every request with
 * @vigil/hawk (so the SDK's signing is checked too), then answers from a script, signing 2xx answers
 * with Server-Authorization unless told otherwise.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, HawkError, serverAuthorizationHeader, type HawkArtifacts, type HawkCredentials } from '@vigil/hawk';

export const FAKE_CREDS = { userId: 'fake-user', apiKey: 'fake-api-key-0123456789abcdef', orgId: 'fake-org' };

const credentials: HawkCredentials = { id: FAKE_CREDS.userId, key: FAKE_CREDS.apiKey, algorithm: 'sha256' };

export type FakeReply =
  | { status: number; headers?: Record<string, string>; body?: unknown; signature?: 'valid' | 'none' | 'tampered' }
  /** close the socket without answering (after the request arrived) */
  | 'destroy'
  /** never answer */
  | 'hang';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** false when the Hawk header did not verify */
  authenticated: boolean;
}

export interface FakeApi {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts the fake; `script(n)` gives the reply to the n-th authenticated request (0-based). A request
 * whose Hawk header fails (bad MAC, replayed nonce, stale clock) is answered 401 with the Hawk
 * challenge and counted in `requests` without reaching the script. `clockOffsetMs` skews the fake's clock.
 */
export async function startFakeApi(
  script: (n: number, request: SeenRequest) => FakeReply,
  options: { clockOffsetMs?: number } = {},
): Promise<FakeApi> {
  const requests: SeenRequest[] = [];
  const nonces = new Set<string>();
  let answered = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let artifacts: HawkArtifacts | undefined;
    let challenge: HawkError | undefined;
    try {
      const port = (server.address() as AddressInfo).port;
      ({ artifacts } = await authenticate(
        { method: req.method!, url: req.url!, host: '127.0.0.1', port, authorization: req.headers.authorization, contentType: req.headers['content-type'] },
        { getCredentials: (id, ext) => (id === credentials.id && ext === FAKE_CREDS.orgId ? credentials : undefined), payload: raw, requirePayloadHash: true,
          // every attempt must be signed afresh: a reused nonce is a replay
          checkNonce: (_id, nonce) => !nonces.has(nonce) && !!nonces.add(nonce),
          now: () => Date.now() + (options.clockOffsetMs ?? 0) },
      ));
    } catch (err) {
      if (!(err instanceof HawkError)) throw err;
      challenge = err;
    }
    const seen: SeenRequest = { method: req.method!, url: req.url!, headers: req.headers, body: raw.toString('utf8'), authenticated: !!artifacts };
    requests.push(seen);
    if (challenge) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (challenge.wwwAuthenticate) headers['www-authenticate'] = challenge.wwwAuthenticate;
      res.writeHead(challenge.status, headers).end(JSON.stringify({ errors: [challenge.message] }));
      return;
    }
    const reply = script(answered++, seen);
    if (reply === 'hang') return;
    if (reply === 'destroy') {
      req.socket.destroy();
      return;
    }
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...reply.headers };
    if (text) headers['content-type'] = 'application/json; charset=utf-8';
    const signature = reply.signature ?? 'valid';
    if (reply.status >= 200 && reply.status < 300 && artifacts && signature !== 'none') {
      // "tampered": signed for a different body, as if a proxy changed the answer in flight.
      const signedBody = signature === 'tampered' ? `${text} ` : text;
      headers['server-authorization'] = serverAuthorizationHeader(credentials, artifacts, { payload: signedBody, contentType: headers['content-type'] });
    }
    res.writeHead(reply.status, headers).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
