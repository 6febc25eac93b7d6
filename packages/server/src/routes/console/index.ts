/**
 * The console's own API under `/console/api`: sign-in outside session authentication, everything else
 * behind it (the session cookie plus `X-CSRF-Token`), with the same per-IP and per-organization request
 * budgets as the other surfaces. The console reaches the product's data through `/v2` and `/api` with the
 * same cookie (auth/console-session-auth.ts); only what no REST route offers lives here.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { installSessionAuth, type ConsoleSessionSettings } from '../../auth/console-session-auth.js';
import type { LoginLimits } from '../../auth/oauth-login-limits.js';
import { installIpRateLimit, installOrgRateLimit } from '../../limits/rate-limit-hooks.js';
import type { RateLimiters } from '../../limits/rate-limiters.js';
import { dryRunRoutes } from './dry-run.js';
import { inviteRoutes } from './invites.js';
import { keyRoutes } from './keys.js';
import { ruleEditorRoutes } from './rules.js';
import { sessionRoutes, signInRoute } from './session.js';

export interface ConsoleRoutesOptions {
  limiters: RateLimiters;
  /** the failed-login budgets shared with POST /api/token and TAXII Basic */
  loginLimits: LoginLimits;
  sessions: ConsoleSessionSettings;
}

/**
 * Registers the console API; mount it with prefix `/console/api`.
 * ```ts
 * await app.register(consoleRoutes, { prefix: '/console/api', limiters, loginLimits, sessions });
 * ```
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const { limiters, loginLimits, sessions } = options;
  installIpRateLimit(app, limiters);
  await app.register(signInRoute, { sessions, loginLimits });
  await app.register(async (signedIn) => {
    installSessionAuth(signedIn, sessions, { refuseReaderWrites: false, required: true });
    installOrgRateLimit(signedIn, limiters);
    await signedIn.register(sessionRoutes, { sessions });
    await signedIn.register(keyRoutes, { publicUrl: sessions.publicUrl });
    await signedIn.register(inviteRoutes);
    await signedIn.register(ruleEditorRoutes);
    await signedIn.register(dryRunRoutes, { now: sessions.now });
  });
}
