/**
 * Settings › Application Keys, as Threat Stack's console had it: the signed-in user's id, the organization
 * id, the API key (shown once, when rotated: only a sealed copy and a prefix are kept), the organization's
 * agent deploy key (likewise) and the `TS_*` lines the CLI and the Python client read. No REST route serves
 * these (API keys were only ever issued by `vigil admin keys`).
 * @module
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses } from '../../http/schemas.js';
import { formatTime } from '../../http/time.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { consoleOrigin } from '../../auth/console-session-cookie.js';
import { CONSOLE_TAG, SESSION_SECURITY } from './schemas.js';

const KeyInfo = Type.Union([
  Type.Object({ prefix: Type.String({ description: 'the first characters, to recognise it' }), createdAt: Type.String() }),
  Type.Null(),
]);

const ApplicationKeys = Type.Object(
  {
    userId: Type.String(),
    organizationId: Type.String(),
    apiEndpoint: Type.String({ description: 'the base URL clients call' }),
    apiKey: KeyInfo,
    deployKey: KeyInfo,
    envLines: Type.String({ description: 'TS_USER_ID, TS_ORGANIZATION_ID and TS_API_ENDPOINT lines to paste into a shell (TS_API_KEY is shown on rotation)' }),
  },
  { title: 'ApplicationKeys' },
);

const RotatedKey = Type.Object(
  {
    key: Type.String({ description: 'shown this once' }),
    prefix: Type.String(),
    createdAt: Type.String(),
    envLines: Type.String({ description: 'the lines to paste, with the new key' }),
  },
  { title: 'RotatedKey' },
);

/**
 * Registers `GET /keys`, `POST /keys/api-key` and `POST /keys/deploy-key` on a session-authenticated context.
 * ```ts
 * await signedIn.register(keyRoutes, { publicUrl: config.publicUrl });
 * ```
 */
export async function keyRoutes(parent: FastifyInstance, options: { publicUrl?: string }): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;
  const endpoint = (request: FastifyRequest) => consoleOrigin(request, options.publicUrl);
  const lines = (request: FastifyRequest, apiKey?: string) => {
    const { userId, orgId } = callerOf(request);
    return [`TS_USER_ID=${userId}`, ...(apiKey ? [`TS_API_KEY=${apiKey}`] : []), `TS_ORGANIZATION_ID=${orgId}`, `TS_API_ENDPOINT=${endpoint(request)}`].join('\n');
  };

  app.get(
    '/keys',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Settings › Application Keys',
        description: 'Never the keys themselves: they are shown once, by the rotation routes.',
        security: SESSION_SECURITY,
        response: { 200: ApplicationKeys, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const { userId, orgId } = callerOf(request);
      const [apiKey] = (await store.apiKeys.list(userId)).filter((k) => k.revokedAt === null);
      const [deployKey] = (await store.deployKeys.list(orgId)).filter((k) => k.revokedAt === null);
      const info = (k: { prefix: string; createdAt: number } | undefined) => (k ? { prefix: k.prefix, createdAt: formatTime(k.createdAt) } : null);
      return { userId, organizationId: orgId, apiEndpoint: endpoint(request), apiKey: info(apiKey), deployKey: info(deployKey), envLines: lines(request) };
    },
  );

  app.post(
    '/keys/api-key',
    {
      config: { anyRole: true },
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Rotate your own API key',
        description: 'Issues a new API key for the signed-in user and answers it once; the previous key stops working at once (in every organization). Any role: it is your own credential.',
        security: SESSION_SECURITY,
        response: { 200: RotatedKey, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const { userId, userEmail } = callerOf(request);
      const { key, info } = await store.apiKeys.issue(userId);
      await app.vigil.audit(request, { crud: 'update', action: 'rotate_api_key', description: `Rotated the API key of ${userEmail}`, context: { keyId: info.id, userId } });
      return { key, prefix: info.prefix, createdAt: formatTime(info.createdAt), envLines: lines(request, key) };
    },
  );

  app.post(
    '/keys/deploy-key',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: "Rotate the organization's agent deploy key (owners)",
        description: 'Issues a new deploy key and answers it once; the previous one no longer registers agents (registered agents keep working).',
        security: SESSION_SECURITY,
        response: { 200: RotatedKey, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => {
      const { orgId, role } = callerOf(request);
      if (role !== 'owner') throw new ApiError('VIGIL_FORBIDDEN', 'Forbidden: only owners rotate the deploy key');
      const { key, info } = await store.deployKeys.issue(orgId);
      await app.vigil.audit(request, { crud: 'update', action: 'rotate_deploy_key', description: 'Rotated the deploy key', context: { keyId: info.id, prefix: info.prefix } });
      return { key, prefix: info.prefix, createdAt: formatTime(info.createdAt), envLines: `VIGIL_DEPLOY_KEY=${key}` };
    },
  );
}
