/**
 * `POST /api/token`: OAuth 2.0 token endpoint of the ThreatQ-compatible API (RFC 6749 §4.3, §4.4, §6).
 * Fields are read from the query string, a JSON body or a form body (a body field wins over the query):
 * - `grant_type=password` with `email`, `password` and `client_id` (the client pins the organization);
 * - `grant_type=client_credentials` with HTTP Basic `client_id:client_secret` (or both as fields);
 * - `grant_type=refresh_token` with `refresh_token` (single use: it is spent for a new pair).
 * Errors use OAuth's `{"error","error_description"}` plus ThreatQ's `{"errors":[…]}` so both kinds of client
 * recognise them. A wrong email and a wrong password answer the same message after the same work.
 * @module
 */
import type { Store } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ThreatqConfig } from '../../config.js';
import { loginAccount, type LoginLimits } from '../../auth/oauth-login-limits.js';
import { tokenRouteSchema } from './schemas.js';

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
};

const BAD_CREDENTIALS = 'The user credentials were incorrect.';
const BAD_CLIENT = 'Client authentication failed.';

function oauthError(reply: FastifyReply, code: OAuthErrorCode, description: string, headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply
    .code(STATUS[code])
    .header('cache-control', 'no-store')
    .send({ error: code, error_description: description, errors: [description] });
}

const TOKEN_FIELDS = new Set(['grant_type', 'email', 'password', 'client_id', 'client_secret', 'refresh_token']);

const PASSWORD_IN_QUERY =
  'password must not be sent in the query string (URLs are kept in logs and proxies); send it in a JSON or form body';

/**
 * Query and body fields as strings; a repeated or non-string field is reported, not guessed at. A password
 * in the URL is refused: ThreatQ clients send it in the body (client ids, secrets and refresh tokens may
 * still come in the query, as threatqsdk and some collectors send them).
 */
function readFields(request: FastifyRequest): { fields: Record<string, string>; bad?: string } {
  const fields: Record<string, string> = {};
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query === 'object' && Object.hasOwn(query, 'password')) return { fields, bad: PASSWORD_IN_QUERY };
  const sources = [request.query, request.body] as unknown[];
  for (const source of sources) {
    if (source === undefined || source === null) continue;
    if (typeof source !== 'object' || Array.isArray(source)) return { fields, bad: 'the request body must be an object of fields' };
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      // Only names this route reads are repeated back; any other key is the caller's text.
      if (typeof value !== 'string') return { fields, bad: `${TOKEN_FIELDS.has(key) ? key : 'every field'} must be a single string` };
      fields[key] = value;
    }
  }
  return { fields };
}

/** `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 §2.3.1: both parts form-urlencoded). */
function basicCredentials(request: FastifyRequest): { id: string; secret: string } | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

function tooManyAttempts(reply: FastifyReply, waitMs: number) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .header('cache-control', 'no-store')
    .send({
      error: 'too_many_requests',
      error_description: `Too many failed logins; try again in ${seconds} s`,
      errors: [`Too many failed logins; try again in ${seconds} s`],
    });
}

export interface TokenRouteOptions {
  store: Store;
  config: ThreatqConfig;
  limits: LoginLimits;
}

/**
 * Registers `POST /token` (mounted under /api, outside bearer authentication).
 * ```ts
 * await app.register(tokenRoute, { prefix: '/api', store, config: config.threatq, limits });
 * ```
 */
export async function tokenRoute(app: FastifyInstance, options: TokenRouteOptions): Promise<void> {
  const { store, config, limits } = options;
  const ttls = () => ({ accessTtlSec: config.accessTokenTtlSec, refreshTtlSec: config.refreshTokenTtlSec });

  app.post('/token', { schema: tokenRouteSchema }, async (request, reply) => {
    const { fields, bad } = readFields(request);
    if (bad) return oauthError(reply, 'invalid_request', bad);
    const grant = fields.grant_type;
    if (!grant) return oauthError(reply, 'invalid_request', 'grant_type is required (password, client_credentials or refresh_token)');

    let pair;
    if (grant === 'password') {
      const { email, password, client_id: clientId } = fields;
      for (const [name, value] of [['email', email], ['password', password], ['client_id', clientId]] as const) {
        if (!value) return oauthError(reply, 'invalid_request', `${name} is required for the password grant`);
      }
      const account = loginAccount.user(email!);
      const wait = await limits.lockedForMs(account, request.ip);
      if (wait > 0) return tooManyAttempts(reply, wait);
      const client = await store.oauth.getClient(clientId!);
      if (!client || client.revokedAt !== null) {
        await limits.recordFailure(account, request.ip);
        return oauthError(reply, 'invalid_client', BAD_CLIENT);
      }
      const user = await store.passwords.verify(email!, password!);
      const member = user && (await store.memberships.get(client.orgId, user.id));
      if (!user || !member) {
        await limits.recordFailure(account, request.ip);
        return oauthError(reply, 'invalid_grant', BAD_CREDENTIALS);
      }
      await limits.recordSuccess(account);
      pair = await store.oauth.issueTokens({ clientId: client.id, userId: user.id, orgId: client.orgId, grantType: 'password', ...ttls() });
    } else if (grant === 'client_credentials') {
      const basic = basicCredentials(request);
      const id = basic?.id ?? fields.client_id;
      const secret = basic?.secret ?? fields.client_secret;
      const challenge = basic ? { 'www-authenticate': 'Basic realm="vigil"' } : undefined;
      if (!id || !secret) {
        return oauthError(reply, 'invalid_client', 'client_id and client_secret are required (HTTP Basic)', { 'www-authenticate': 'Basic realm="vigil"' });
      }
      const account = loginAccount.client(id);
      const wait = await limits.lockedForMs(account, request.ip);
      if (wait > 0) return tooManyAttempts(reply, wait);
      const client = await store.oauth.verifyClient(id, secret);
      if (!client) {
        await limits.recordFailure(account, request.ip);
        return oauthError(reply, 'invalid_client', BAD_CLIENT, challenge);
      }
      await limits.recordSuccess(account);
      if (!(await store.memberships.get(client.orgId, client.userId))) {
        return oauthError(reply, 'invalid_grant', "The client's user is no longer a member of its organization.");
      }
      pair = await store.oauth.issueTokens({ clientId: client.id, userId: client.userId, orgId: client.orgId, grantType: 'client_credentials', ...ttls() });
    } else if (grant === 'refresh_token') {
      if (!fields.refresh_token) return oauthError(reply, 'invalid_request', 'refresh_token is required for the refresh_token grant');
      pair = await store.oauth.refresh(fields.refresh_token, ttls());
      if (!pair) return oauthError(reply, 'invalid_grant', 'The refresh token is invalid, expired, revoked or already used.');
    } else {
      return oauthError(reply, 'unsupported_grant_type', 'grant_type must be password, client_credentials or refresh_token');
    }
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
      access_token: pair.accessToken,
      token_type: 'bearer',
      expires_in: pair.expiresIn,
      refresh_token: pair.refreshToken,
    });
  });
}
