/**
 * The console's sign-in session: `POST /console/api/session` signs in with email and password (the same
 * users, password hashes and failed-login budgets as `POST /api/token` and TAXII Basic), `GET` reads the
 * session back (how a reloaded console learns its CSRF token), `DELETE` signs out and
 * `PUT /session/organization` is the organization switcher. A wrong password and an unknown email answer
 * the same 401 after the same work (one scrypt either way, repos/passwords.ts).
 * @module
 */
import type { ConsoleSession as StoredSession, Store } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses, NoContent } from '../../http/schemas.js';
import { formatTime } from '../../http/time.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { clearSessionCookie, setSessionCookie, type ConsoleSessionSettings } from '../../auth/console-session-auth.js';
import { csrfTokenOf } from '../../auth/console-session-cookie.js';
import { loginAccount, type LoginLimits } from '../../auth/oauth-login-limits.js';
import { CONSOLE_TAG, ConsoleSession, SESSION_SECURITY, SignInBody, SwitchOrganizationBody } from './schemas.js';

const BAD_CREDENTIALS = 'Invalid email or password';

export interface SessionRoutesOptions {
  sessions: ConsoleSessionSettings;
  loginLimits: LoginLimits;
}

async function sessionBody(store: Store, settings: ConsoleSessionSettings, session: StoredSession, token: string) {
  const memberships = await store.memberships.listForUser(session.userId);
  const organizations = await Promise.all(
    memberships.map(async (m) => ({ id: m.orgId, name: (await store.organizations.get(m.orgId))?.name ?? m.orgId, role: m.role })),
  );
  return {
    user: { id: session.userId, email: session.userEmail, displayName: session.userDisplayName },
    organizations,
    organizationId: session.orgId,
    role: session.role,
    csrfToken: csrfTokenOf(settings.secret, token),
    expiresAt: formatTime(session.expiresAt),
    idleMinutes: Math.round(settings.idleMs / 60_000),
  };
}

function tooManyAttempts(waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError('VIGIL_RATE_LIMITED', `Too many failed sign-ins; try again in ${seconds} s`, { 'retry-after': String(seconds) });
}

/** The session of a request that passed session authentication (the hook answered 401 otherwise). */
function currentSession(request: FastifyRequest): { session: StoredSession; token: string } {
  if (!request.consoleSession) throw new Error(`${request.method} ${request.url} is not behind session authentication`);
  return request.consoleSession;
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/**
 * Registers `POST /session` (sign-in) on a context without session authentication.
 * ```ts
 * await app.register(signInRoute, { sessions, loginLimits });
 * ```
 */
export async function signInRoute(parent: FastifyInstance, options: SessionRoutesOptions): Promise<void> {
  const { sessions: settings, loginLimits } = options;
  const { store } = settings;
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/session',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Sign in to the console',
        description:
          'Email and password (the same as POST /api/token). Sets the `vigil_session` cookie (HttpOnly, SameSite=Strict, Path=/, Secure over TLS) and answers the session, whose `csrfToken` must accompany every later request as `X-CSRF-Token`. Failed sign-ins spend the failed-login budgets shared with POST /api/token and TAXII Basic (429 with Retry-After past them).',
        security: [],
        body: SignInBody,
        response: { 200: ConsoleSession, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const account = loginAccount.user(email);
      const wait = await loginLimits.lockedForMs(account, request.ip);
      if (wait > 0) throw tooManyAttempts(wait);
      const user = await store.passwords.verify(email, password);
      const [first] = user ? await store.memberships.listForUser(user.id) : [];
      if (!user || !first) {
        await loginLimits.recordFailure(account, request.ip);
        throw new ApiError('VIGIL_UNAUTHORIZED', BAD_CREDENTIALS);
      }
      await loginLimits.recordSuccess(account);
      const now = settings.now();
      const { token, session } = await store.consoleSessions.create({ userId: user.id, orgId: first.orgId, maxAgeMs: settings.maxAgeMs, now });
      await store.users.touchAuthenticated(user.id, now);
      request.auth = { userId: user.id, userEmail: user.email, orgId: session.orgId, role: session.role, consoleSessionId: session.id };
      await app.vigil.audit(request, { crud: 'create', action: 'console.sign_in', description: `${user.email} signed in to the console` });
      setSessionCookie(request, reply, token, settings.publicUrl);
      return noStore(reply).send(await sessionBody(store, settings, session, token));
    },
  );
}

/**
 * Registers `GET` and `DELETE /session` and `PUT /session/organization` on a session-authenticated context.
 * ```ts
 * installSessionAuth(signedIn, sessions, { refuseReaderWrites: false, required: true });
 * await signedIn.register(sessionRoutes, { sessions });
 * ```
 */
export async function sessionRoutes(parent: FastifyInstance, options: { sessions: ConsoleSessionSettings }): Promise<void> {
  const { sessions: settings } = options;
  const { store } = settings;
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/session',
    {
      config: { csrfExempt: true },
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'The current console session',
        description: 'How a reloaded console learns who is signed in and its CSRF token; 401 when not signed in or the session has ended.',
        security: SESSION_SECURITY,
        response: { 200: ConsoleSession, ...errorResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const { token, session } = currentSession(request);
      return noStore(reply).send(await sessionBody(store, settings, session, token));
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Sign out',
        description: 'Ends the session on the server and clears the cookie.',
        security: SESSION_SECURITY,
        response: { 204: NoContent, ...errorResponses(401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { session } = currentSession(request);
      await store.consoleSessions.revoke(session.id);
      await app.vigil.audit(request, { crud: 'delete', action: 'console.sign_out', description: `${session.userEmail} signed out of the console` });
      clearSessionCookie(request, reply, settings.publicUrl);
      return noStore(reply).code(204).send();
    },
  );

  app.put(
    '/session/organization',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Switch the organization the console works in',
        description: "The session then acts in that organization with the user's role there; 403 when the user is not a member of it.",
        security: SESSION_SECURITY,
        body: SwitchOrganizationBody,
        response: { 200: ConsoleSession, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, session } = currentSession(request);
      const { organizationId } = request.body;
      // The same answer for an organization that does not exist: ids of other organizations are not confirmed.
      if (!(await store.consoleSessions.switchOrganization(session.id, organizationId))) {
        throw new ApiError('VIGIL_FORBIDDEN', 'Forbidden: you are not a member of that organization');
      }
      const switched = await store.consoleSessions.authenticate(token, { idleMs: settings.idleMs, now: settings.now() });
      if (!switched) throw new ApiError('VIGIL_UNAUTHORIZED', 'Unauthorized: the session has expired or was signed out; sign in again');
      request.auth = { ...callerOf(request), orgId: switched.orgId, role: switched.role };
      await app.vigil.audit(request, { crud: 'update', action: 'console.switch_organization', description: `${session.userEmail} switched the console to this organization`, context: { from: session.orgId } });
      return noStore(reply).send(await sessionBody(store, settings, switched, token));
    },
  );
}
