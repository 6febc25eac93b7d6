/**
 * Bearer authentication of the ThreatQ-compatible API (`Authorization: Bearer <access token>` from
 * `POST /api/token`). Installed at `preValidation` like the other schemes so the organization budget hook
 * registered after it sees `request.auth`. Every refusal is a 401 with `WWW-Authenticate: Bearer` (RFC 6750);
 * the token never reaches a log line or an error message.
 * @module
 */
import type { Store } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { viaConsoleSession } from './console-session-auth.js';

const REALM = 'Bearer realm="vigil"';

function unauthorized(message: string, invalidToken: boolean): ApiError {
  const challenge = invalidToken ? `${REALM}, error="invalid_token", error_description="${message}"` : REALM;
  return new ApiError('VIGIL_UNAUTHORIZED', `Unauthorized: ${message}`, { 'www-authenticate': challenge });
}

/**
 * Installs the bearer check on a context; sets `request.auth` from the token's user, organization and
 * current role.
 * ```ts
 * installIpRateLimit(api, limiters); installBearerAuth(api, { store }); installOrgRateLimit(api, limiters);
 * ```
 */
export function installBearerAuth(app: FastifyInstance, options: { store: Store }): void {
  const { store } = options;
  app.addHook('preValidation', async (request: FastifyRequest) => {
    // A console session already proved who this is (auth/console-session-auth.ts, installed before this).
    if (viaConsoleSession(request)) return;
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') {
      throw unauthorized('missing Authorization header (send Bearer <access_token> from POST /api/token)', false);
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('the Authorization header must be Bearer <access_token>', true);
    const principal = await store.oauth.authenticate(match[1]!);
    if (!principal) throw unauthorized('The access token is invalid, expired or revoked', true);
    request.auth = { userId: principal.userId, userEmail: principal.userEmail, orgId: principal.orgId, role: principal.role };
  });
}
