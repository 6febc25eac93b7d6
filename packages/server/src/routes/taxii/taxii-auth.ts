/**
 * Authentication of the TAXII 2.1 server: HTTP Basic with `email:password` (any organization the user is
 * a member of) or `client_id:client_secret` (the OAuth client's organization), or `Bearer` with a ThreatQ
 * access token, or with no Authorization header the console's session cookie (installed before this: the
 * session's user in its organization, with that role). Failed Basic logins spend the same budgets as
 * POST /api/token. A refusal is a 401 with both challenges; the credentials never reach a log line.
 * @module
 */
import type { Role, Store } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { viaConsoleSession } from '../../auth/console-session-auth.js';
import { loginAccount, type LoginLimits } from '../../auth/oauth-login-limits.js';
import { TaxiiError } from './taxii-errors.js';

export interface TaxiiPrincipal {
  userId: string;
  /** organization id → role: the API roots this principal may read */
  orgs: Map<string, Role>;
}

declare module 'fastify' {
  interface FastifyRequest {
    taxii?: TaxiiPrincipal;
  }
}

const CHALLENGE = 'Basic realm="vigil-taxii", Bearer realm="vigil-taxii"';

function unauthorized(description: string): TaxiiError {
  return new TaxiiError(401, 'Unauthorized', description, { 'www-authenticate': CHALLENGE });
}

function decodeBasic(encoded: string): { id: string; secret: string } | undefined {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const cut = text.indexOf(':');
  return cut <= 0 ? undefined : { id: text.slice(0, cut), secret: text.slice(cut + 1) };
}

async function basicPrincipal(store: Store, limits: LoginLimits, request: FastifyRequest, id: string, secret: string): Promise<TaxiiPrincipal> {
  const isEmail = id.includes('@');
  const account = isEmail ? loginAccount.user(id) : loginAccount.client(id);
  const wait = await limits.lockedForMs(account, request.ip);
  if (wait > 0) throw new TaxiiError(429, 'Too many failed logins', 'Try again later', { 'retry-after': String(Math.ceil(wait / 1000)) });
  if (isEmail) {
    const user = await store.passwords.verify(id, secret);
    const memberships = user ? await store.memberships.listForUser(user.id) : [];
    if (!user || memberships.length === 0) {
      await limits.recordFailure(account, request.ip);
      throw unauthorized('The email or password is wrong');
    }
    await limits.recordSuccess(account);
    return { userId: user.id, orgs: new Map(memberships.map((m) => [m.orgId, m.role])) };
  }
  const client = await store.oauth.verifyClient(id, secret);
  const member = client && (await store.memberships.get(client.orgId, client.userId));
  if (!client || !member) {
    await limits.recordFailure(account, request.ip);
    throw unauthorized('The client id or secret is wrong');
  }
  await limits.recordSuccess(account);
  return { userId: client.userId, orgs: new Map([[client.orgId, member.role]]) };
}

/**
 * Installs the check on the TAXII context; sets `request.taxii`.
 * ```ts
 * installTaxiiAuth(taxii, { store, limits });
 * ```
 */
export function installTaxiiAuth(app: FastifyInstance, options: { store: Store; limits: LoginLimits }): void {
  const { store, limits } = options;
  app.addHook('preValidation', async (request) => {
    if (viaConsoleSession(request)) {
      const { userId, orgId, role } = request.auth!;
      request.taxii = { userId, orgs: new Map([[orgId, role]]) };
      return;
    }
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw unauthorized('Send HTTP Basic (email:password or client_id:client_secret) or a Bearer token');
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (basic) {
      const credentials = decodeBasic(basic[1]!);
      if (!credentials) throw unauthorized('Malformed Basic credentials');
      request.taxii = await basicPrincipal(store, limits, request, credentials.id, credentials.secret);
    } else if (bearer) {
      const principal = await store.oauth.authenticate(bearer[1]!);
      if (!principal) throw unauthorized('The access token is invalid, expired or revoked');
      request.taxii = { userId: principal.userId, orgs: new Map([[principal.orgId, principal.role]]) };
    } else {
      throw unauthorized('The Authorization header must be Basic or Bearer');
    }
    // The organization request budget (installed next) charges the API root's organization.
    const root = (request.params as { root?: string } | undefined)?.root;
    const orgId = root !== undefined && request.taxii.orgs.has(root) ? root : request.taxii.orgs.size === 1 ? [...request.taxii.orgs.keys()][0]! : undefined;
    if (orgId !== undefined) request.auth = { userId: request.taxii.userId, userEmail: '', orgId, role: request.taxii.orgs.get(orgId)! };
  });
}
