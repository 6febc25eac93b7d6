/**
 * Shared set-up of the ThreatQ API tests: a real server with an owner who has a password and an OAuth
 * client, and a plain `fetch` client for `/api` (bearer tokens, JSON, form or raw bodies).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../src/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

export const PASSWORD = 'thisisapassword';

export interface TqResponse {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

export interface TqRequest {
  token?: string;
  /** JSON-encoded with Content-Type application/json */
  json?: unknown;
  /** form-encoded (application/x-www-form-urlencoded) */
  form?: Record<string, string>;
  /** sent as is; give contentType too */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ThreatqServer {
  server: TestServer;
  email: string;
  clientId: string;
  clientSecret: string;
  tq(method: string, path: string, request?: TqRequest): Promise<TqResponse>;
  /** a password-grant access token of the owner */
  login(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a server for one dialect with the owner's password set and one OAuth client.
 * ```ts
 * const t = await startThreatq('sqlite');
 * const token = await t.login();
 * ```
 */
export async function startThreatq(
  dialect: 'sqlite' | 'postgres',
  options: { threatq?: Partial<Config['threatq']>; redis?: boolean } = {},
): Promise<ThreatqServer> {
  const defaults = {
    accessTokenTtlSec: 3600,
    refreshTokenTtlSec: 86_400,
    loginFailuresPerAccount: 10,
    loginFailuresPerIp: 50,
    loginWindowSec: 900,
    consumeMaxItems: 2000,
  };
  const server = await startTestServer(dialect, {
    redis: options.redis,
    config: {
      threatq: { ...defaults, ...options.threatq },
    },
  });
  const email = server.config.bootstrap.email;
  await server.store.passwords.set(server.creds.userId, PASSWORD);
  const { client, secret } = await server.store.oauth.createClient({ orgId: server.creds.orgId, userId: server.creds.userId, name: 'Test' });

  async function tq(method: string, path: string, request: TqRequest = {}): Promise<TqResponse> {
    const headers: Record<string, string> = { ...request.headers };
    let body: string | undefined;
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] = 'application/json';
    } else if (request.form) {
      body = new URLSearchParams(request.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (request.raw !== undefined) {
      body = request.raw;
      if (request.contentType) headers['content-type'] = request.contentType;
    }
    const res = await fetch(server.url + path, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  return {
    server,
    email,
    clientId: client.id,
    clientSecret: secret,
    tq,
    async login() {
      const res = await tq('POST', '/api/token', { json: { grant_type: 'password', email, password: PASSWORD, client_id: client.id } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
      return res.json.access_token as string;
    },
    close: () => server.close(),
  };
}

/**
 * A second organization with its own owner, client and token: for cross-organization checks.
 * ```ts
 * const other = await otherOrganization(t);
 * ```
 */
export async function otherOrganization(t: ThreatqServer, role: 'owner' | 'user' | 'reader' = 'owner') {
  const store = t.server.store;
  const org = await store.organizations.create({ id: `org${randomBytes(4).toString('hex')}`, name: 'Other' });
  const user = await store.users.create({ email: `other-${randomBytes(4).toString('hex')}@example.com`, displayName: 'Other' });
  await store.memberships.upsert(org.id, user.id, role);
  const { client } = await store.oauth.createClient({ orgId: org.id, userId: user.id, name: 'Other' });
  const pair = await store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId: org.id, grantType: 'password', accessTtlSec: 3600, refreshTtlSec: 3600 });
  return { orgId: org.id, userId: user.id, clientId: client.id, token: pair.accessToken };
}
