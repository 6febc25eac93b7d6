/**
 * Shared set-up of the console tests: a real server whose owner has a password, a clock the tests move,
 * and a browser-like client for the session cookie (`inject()`, no socket).
 */
import type { InjectOptions } from 'fastify';
import type { Role } from '@vigil/store';
import type { Config } from '../src/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

export const PASSWORD = 'thisisapassword';
/** What the console's pages are served from in these tests (inject()'s default Host header). */
export const ORIGIN = 'http://localhost:80';

export interface ConsoleResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  json: any;
  text: string;
}

export interface BrowserSession {
  /** the `vigil_session` cookie value */
  cookie: string;
  csrfToken: string;
  body: any;
}

export interface ConsoleRequest {
  session?: Pick<BrowserSession, 'cookie' | 'csrfToken'>;
  /** send the session's CSRF token (default true when a session is given) */
  csrf?: boolean | string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface ConsoleServer {
  server: TestServer;
  email: string;
  /** the clock sessions expire by; move `clock.now` forward */
  clock: { now: number };
  call(method: string, path: string, request?: ConsoleRequest): Promise<ConsoleResponse>;
  signIn(email?: string, password?: string): Promise<BrowserSession>;
  /** a user with a password and this role in the test organization */
  addUser(role: Role, email: string): Promise<{ id: string; email: string }>;
  close(): Promise<void>;
}

/** The `vigil_session` value a Set-Cookie header sets ('' when it clears the cookie). */
export function sessionCookieOf(res: ConsoleResponse): string | undefined {
  const header = [res.headers['set-cookie'] ?? []].flat().map(String).find((c) => c.startsWith('vigil_session='));
  return header === undefined ? undefined : header.slice('vigil_session='.length).split(';', 1)[0];
}

/** The attributes of the `vigil_session` Set-Cookie header, lower-cased. */
export function sessionCookieAttributes(res: ConsoleResponse): string[] {
  const header = [res.headers['set-cookie'] ?? []].flat().map(String).find((c) => c.startsWith('vigil_session='));
  return header === undefined ? [] : header.split(';').slice(1).map((a) => a.trim().toLowerCase());
}

/**
 * Starts a server for one dialect with the owner's password set.
 * ```ts
 * const c = await startConsole('sqlite');
 * const s = await c.signIn();
 * const res = await c.call('GET', '/v2/agents', { session: s });
 * ```
 */
export async function startConsole(
  dialect: 'sqlite' | 'postgres',
  options: { config?: Partial<Config>; redis?: boolean; logger?: Record<string, unknown> } = {},
): Promise<ConsoleServer> {
  const clock = { now: Date.now() };
  const server = await startTestServer(dialect, { config: options.config, redis: options.redis, logger: options.logger, now: () => clock.now });
  const email = server.config.bootstrap.email;
  await server.store.passwords.set(server.creds.userId, PASSWORD);

  async function call(method: string, path: string, request: ConsoleRequest = {}): Promise<ConsoleResponse> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.session) {
      headers.cookie = `vigil_session=${request.session.cookie}`;
      const csrf = request.csrf ?? true;
      if (csrf !== false) headers['x-csrf-token'] = csrf === true ? request.session.csrfToken : csrf;
    }
    const options: InjectOptions = { method: method as InjectOptions['method'], url: path, headers };
    if (request.json !== undefined) options.payload = request.json as InjectOptions['payload'];
    // Each request in an event-loop turn of its own, as from a socket (see test-server.ts).
    await new Promise(setImmediate);
    const res = await server.app.inject(options);
    let json: any;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, json, text: res.body };
  }

  return {
    server,
    email,
    clock,
    call,
    async signIn(who = email, password = PASSWORD) {
      const res = await call('POST', '/console/api/session', { json: { email: who, password } });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
      return { cookie: sessionCookieOf(res)!, csrfToken: res.json.csrfToken, body: res.json };
    },
    async addUser(role, who) {
      const user = await server.store.users.create({ email: who, displayName: who.split('@')[0]! });
      await server.store.memberships.upsert(server.creds.orgId, user.id, role);
      await server.store.passwords.set(user.id, PASSWORD);
      return { id: user.id, email: user.email };
    },
    close: () => server.close(),
  };
}
