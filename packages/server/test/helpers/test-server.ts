/**
 * A real server on 127.0.0.1:0 over a fresh database (SQLite file or PostgreSQL database) and, when
 * asked, a fresh Redis key prefix; plus a client that signs with the independent `hawk` npm package and
 * verifies `Server-Authorization` on every 2xx answer. `server.request` goes through fastify's `inject()`
 * (no socket, about a third of the time per request) with the Host header the signature covers; tests of
 * HTTP itself pass `{ socket: true }` or call `hawkRequest(server.url, …)`, which always uses a socket.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import Hawk from 'hawk';
import { createTestDatabase } from '@vigil/store/testing';
import { loadConfig, startServer, type Config, type RunningServer } from '../../src/index.js';

export interface Creds {
  userId: string;
  apiKey: string;
  orgId: string;
}

export interface HawkResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  /** raw body string (sent as is) */
  rawBody?: string;
  contentType?: string;
  creds?: Creds;
  /** skip Hawk signing entirely */
  unsigned?: boolean;
  headers?: Record<string, string>;
  /** verify Server-Authorization on 2xx (default true) */
  verify?: boolean;
  /** send over a real socket instead of `inject()` (TestServer.request only; hawkRequest always does) */
  socket?: boolean;
}

export interface TestServer extends RunningServer {
  creds: Creds;
  config: Config;
  request(method: string, path: string, options?: RequestOptions): Promise<HawkResponse>;
}

export const REDIS_URL = process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const rand = (n = 6) => randomBytes(n).toString('hex');

/**
 * The default `ingest` settings with detection in-process: a detection worker thread takes a second or
 * two to start (far more on a busy machine), and only the tests whose subject it is need one.
 * ```ts
 * const config = loadConfig({}, { databaseUrl, dataDir, ingest: testIngest() });
 * ```
 */
export function testIngest(over: Partial<Config['ingest']> = {}): Config['ingest'] {
  return { ...loadConfig({}).ingest, detectionThread: false, ...over };
}

/** What a request comes back as, before its body is parsed and its Server-Authorization checked. */
interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

type Send = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<RawResponse>;

const sendOverSocket: Send = async (url, init) => {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/**
 * Sends through `app.inject()`: the full URL gives the request the Host header (host and port) a request over
 * the socket would have had, which is what Hawk signs; the remote address is 127.0.0.1 as over loopback.
 */
function sendByInject(app: FastifyInstance): Send {
  return async (url, init) => {
    // A request from a socket always starts in an event-loop turn of its own, and per-turn memos rely on it
    // (http/version-memo.ts): without this, a write made in between by the test itself would go unseen.
    await new Promise(setImmediate);
    const res = await app.inject({ method: init.method as InjectOptions['method'], url, headers: init.headers, payload: init.body });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      for (const one of [value ?? []].flat()) headers.append(name, String(one));
    }
    return { status: res.statusCode, headers, text: res.body };
  };
}

/** Signs and sends one request the way a Threat Stack client does (hawk npm as the client). */
export async function hawkRequest(
  baseUrl: string,
  method: string,
  path: string,
  creds: Creds,
  options: RequestOptions = {},
  send: Send = sendOverSocket,
): Promise<HawkResponse> {
  const url = baseUrl + path;
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  const contentType = options.contentType ?? 'application/json';
  if (payload !== undefined) headers['content-type'] = contentType;
  let artifacts: any;
  const credentials = { id: creds.userId, key: creds.apiKey, algorithm: 'sha256' as const };
  if (!options.unsigned) {
    const signed = Hawk.client.header(url, method, {
      credentials,
      ext: creds.orgId,
      ...(payload !== undefined ? { payload, contentType } : {}),
    });
    headers.authorization = signed.header;
    artifacts = signed.artifacts;
  }
  const res = await send(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
  const text = res.text;
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!options.unsigned && options.verify !== false && res.status >= 200 && res.status < 300) {
    const plainHeaders = Object.fromEntries(res.headers.entries());
    // Throws when Server-Authorization is missing or does not match the exact body bytes.
    Hawk.client.authenticate({ headers: plainHeaders } as any, credentials, artifacts, { payload: text, required: true });
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Starts a server for one dialect. Close it with `server.close()`.
 * ```ts
 * const server = await startTestServer('sqlite');
 * const res = await server.request('GET', '/v2/agents?status=online');
 * ```
 */
export async function startTestServer(
  dialect: 'sqlite' | 'postgres',
  options: {
    redis?: boolean;
    config?: Partial<Config>;
    demo?: boolean;
    /** install the default Base Rule Set into the test org (default false: tests count their own rules) */
    baseRuleSet?: boolean;
    /**
     * run detection in its worker thread as production does (default false: in-process detection starts
     * in milliseconds instead of a second or two per server)
     */
    detectionThread?: boolean;
    /** the clock console sessions expire by (default Date.now) */
    now?: () => number;
    /** pino options (e.g. a stream to read log lines from); default no logs */
    logger?: Record<string, unknown>;
  } = {},
): Promise<TestServer> {
  const db = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-server-test-'));
  const creds: Creds = {
    orgId: `org${rand()}`,
    userId: `user${rand()}`,
    apiKey: randomBytes(32).toString('base64url'),
  };
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: 0,
      databaseUrl: db.url,
      dataDir,
      secret: randomBytes(24).toString('hex'),
      logLevel: 'silent',
      demo: options.demo ?? false,
      bootstrap: { orgId: creds.orgId, userId: creds.userId, apiKey: creds.apiKey, orgName: 'Test Org', email: `owner-${rand(3)}@example.com`, baseRuleSet: options.baseRuleSet ?? false },
      ...(options.redis ? { redisUrl: REDIS_URL, redisPrefix: `vigil-test:${rand()}:` } : {}),
      ...options.config,
      ingest: testIngest({ detectionThread: options.detectionThread ?? false, ...options.config?.ingest }),
    },
  );
  let server: RunningServer;
  try {
    server = await startServer(config, { print: () => {}, logger: options.logger ?? false, now: options.now });
  } catch (err) {
    await db.drop();
    throw err;
  }
  return {
    ...server,
    creds,
    config,
    request: (method, path, opts = {}) =>
      hawkRequest(server.url, method, path, opts.creds ?? creds, opts, opts.socket ? sendOverSocket : sendByInject(server.app)),
    async close() {
      await server.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
