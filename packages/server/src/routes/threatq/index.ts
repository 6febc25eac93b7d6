/**
 * The ThreatQ-compatible API under `/api` (reference threatq-api.md §1): `POST /api/token` outside
 * authentication (failed logins spend the budgets shared with TAXII Basic), every other route behind bearer
 * tokens (or the console's session cookie when there is no Authorization header), with the
 * same per-IP and per-organization request budgets as the other surfaces. Form bodies are read here only.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { installBearerAuth } from '../../auth/bearer-auth.js';
import { installSessionAuth, type ConsoleSessionSettings } from '../../auth/console-session-auth.js';
import type { LoginLimits } from '../../auth/oauth-login-limits.js';
import { dropEmptyQueryValues } from '../../http/empty-query-values.js';
import { installIpRateLimit, installOrgRateLimit } from '../../limits/rate-limit-hooks.js';
import type { RateLimiters } from '../../limits/rate-limiters.js';
import { indicatorRoutes } from './indicators.js';
import { threatqErrors } from './input-schemas.js';
import { adversaryRoutes } from './adversaries.js';
import { attachmentRoutes } from './attachments.js';
import { eventRoutes } from './events.js';
import { importRoutes } from './imports.js';
import { relationRoutes } from './relations.js';
import { indicatorLifecycleRoutes } from './indicator-lifecycle.js';
import { indicatorSearchRoutes } from './indicator-search.js';
import { indicatorSubresourceRoutes } from './indicator-subresources.js';
import { oauthClientRoutes } from './oauth-clients.js';
import { registerFormBody } from './request-body.js';
import { tokenRoute } from './token.js';
import { vocabularyRoutes } from './vocabularies.js';
import { exportRoutes } from './exports.js';
import { taxiiCollectionRoutes } from '../taxii/collections-admin.js';

export interface ThreatqRoutesOptions {
  limiters: RateLimiters;
  /** the failed-login budgets, shared with TAXII Basic */
  loginLimits: LoginLimits;
  /** console sessions, accepted like bearer tokens when a request has no Authorization header */
  sessions: ConsoleSessionSettings;
}

/**
 * Registers the ThreatQ-compatible API; mount it with prefix `/api`.
 * ```ts
 * await app.register(threatqRoutes, { prefix: '/api', limiters, loginLimits });
 * ```
 */
export async function threatqRoutes(app: FastifyInstance, options: ThreatqRoutesOptions): Promise<void> {
  const { store, config } = app.vigil;
  const { limiters } = options;
  await app.register(async (tokenApi) => {
    installIpRateLimit(tokenApi, limiters);
    await registerFormBody(tokenApi);
    await tokenApi.register(tokenRoute, { store, config: config.threatq, limits: options.loginLimits });
  });
  await app.register(async (api) => {
    installIpRateLimit(api, limiters);
    // Roles are checked by the routes themselves here, for sessions as for bearer tokens.
    installSessionAuth(api, options.sessions, { refuseReaderWrites: false, required: false });
    installBearerAuth(api, { store });
    installOrgRateLimit(api, limiters);
    api.setSchemaErrorFormatter(threatqErrors);
    dropEmptyQueryValues(api);
    await registerFormBody(api);
    await api.register(vocabularyRoutes);
    await api.register(indicatorRoutes);
    await api.register(indicatorSearchRoutes);
    await api.register(indicatorLifecycleRoutes);
    await api.register(indicatorSubresourceRoutes);
    await api.register(oauthClientRoutes);
    await api.register(eventRoutes);
    await api.register(adversaryRoutes);
    await api.register(attachmentRoutes);
    await api.register(relationRoutes);
    await api.register(importRoutes);
    await api.register(exportRoutes);
    await api.register(taxiiCollectionRoutes);
  });
}
