/**
 * REST v1 authentication, as Threat Stack's v1 API and the Python client's v1 mode did it: the bare API key
 * in `Authorization: <key>` and the organization in `Organization: <org id>` (optional: without it the
 * user's first organization, by membership age, is used, as v1 used the "active organization"). No Hawk, no
 * response signing. The key is looked up by its keyed digest and compared in constant time by the store; it
 * never reaches a log line or an error message. A request without Authorization may instead carry the
 * console's session cookie (auth/console-session-auth.ts, installed before this).
 * @module
 */
import type { Store } from '@vigil/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiError } from '../errors.js';
import { viaConsoleSession } from './console-session-auth.js';

// Same reasoning as Hawk auth: lastAuthenticatedAt is informational, not worth a write per request.
const TOUCH_INTERVAL_MS = 60_000;
const MAX_ORG_ID_LENGTH = 256;

/** A header's trimmed value; Node joins repeated headers into one string, which then matches nothing. */
function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

/**
 * Installs the v1 API-key check on a context (at `preValidation`, like Hawk, so the organization budget
 * hook registered after it sees `request.auth`). Sets `request.auth`; answers 401 for a missing, unknown or
 * revoked key and for an organization the key's user is not a member of.
 * ```ts
 * installIpRateLimit(v1, limiters); installApiKeyAuth(v1, { store }); installOrgRateLimit(v1, limiters);
 * ```
 */
export function installApiKeyAuth(app: FastifyInstance, options: { store: Store }): void {
  const { store } = options;
  const lastTouched = new Map<string, number>();
  app.addHook('preValidation', async (request: FastifyRequest) => {
    // Signed in to the console (installSessionAuth ran first and found no Authorization header).
    if (viaConsoleSession(request)) return;
    const key = headerValue(request, 'authorization');
    if (!key) throw apiError('VIGIL_UNAUTHORIZED', 'missing Authorization header (send your API key)');
    const requestedOrg = headerValue(request, 'organization');
    if (requestedOrg !== undefined && requestedOrg.length > MAX_ORG_ID_LENGTH) {
      throw apiError('VIGIL_UNAUTHORIZED', 'unknown organization');
    }
    const found = await store.apiKeys.findByKey(key, requestedOrg ?? '');
    if (!found || !found.user.enabled) throw apiError('VIGIL_UNAUTHORIZED', 'invalid API key');

    let orgId = requestedOrg;
    let role = found.role;
    if (orgId === undefined) {
      const [first] = await store.memberships.listForUser(found.user.id);
      if (!first) throw apiError('VIGIL_UNAUTHORIZED', 'the API key belongs to no organization');
      orgId = first.orgId;
      role = first.role;
    }
    // Fixed text: the header is the caller's and is not repeated back.
    if (!role) throw apiError('VIGIL_UNAUTHORIZED', 'user is not a member of the organization in the Organization header');
    request.auth = { userId: found.user.id, userEmail: found.user.email, orgId, role };

    const now = Date.now();
    if ((lastTouched.get(found.user.id) ?? 0) + TOUCH_INTERVAL_MS < now) {
      lastTouched.set(found.user.id, now);
      if (lastTouched.size > 10_000) lastTouched.clear();
      await store.users.touchAuthenticated(found.user.id, now);
    }
  });
}
