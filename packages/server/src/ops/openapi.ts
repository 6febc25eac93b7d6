/**
 * `/openapi.json` and `/docs`, generated from the same TypeBox schemas the routes validate with.
 * Must be registered before the routes it documents.
 * @module
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

const DESCRIPTION = `Vigil speaks Threat Stack's REST API v2.

**Authentication** — Hawk (sha256): \`id\` = your user id, \`key\` = your API key, \`ext\` = the organization id.
The MAC covers the request target exactly as sent, the host and the port (set \`VIGIL_PUBLIC_URL\` behind a proxy).
Every 2xx answer carries \`Server-Authorization\`. Timestamps may be off by at most 60 s; a stale one answers 401
with \`WWW-Authenticate: Hawk ts, tsm, error="Stale timestamp"\`.

**Paging** — lists answer \`{"<key>": [...], "token": <string|null>}\`, 100 items a page (audit logs 50). Repeat the
request with \`token=<token>\` and the same other parameters; \`null\` marks the last page.

**Time** — \`from\`/\`until\` take ISO-8601 (\`yyyy-mm-dd\`, \`…Thh\`, \`…Thh:mm\`, \`…Thh:mm:ss[.fff]\`, \`Z\` or an offset); naive times are UTC.

**Limits** — 200 requests/min per organization, 1,000/min per IP (an IP past its limit is locked out for 15 minutes);
\`x-rate-limit-limit\`, \`x-rate-limit-remaining\`, \`x-rate-limit-reset\` (ms) on every response, \`Retry-After\` on 429.
Request bodies are limited to 1 MiB.

**Errors** — \`{"errors": ["…"]}\` with the offending parameter named.

**REST v1** — \`/api/v1/…\` (tag *REST v1*) serves the same data read-only in Threat Stack's v1 shape: \`Authorization: <API key>\`,
\`Organization: <org id>\`, \`page\` (from 0) and \`count\` (default 50, at most 1000), \`start\`/\`end\`, \`fields=a,b\`; lists are JSON arrays.

**Agent protocol** — \`/agent/v1/…\` is for host agents, not users: an agent registers with its organization's deploy key
(\`vigil admin deploy-key\`) and signs later calls with Hawk, id = agent id, key = agent secret. See the *Agent protocol* tag.`;

/**
 * Registers the generator and the UI.
 * ```ts
 * await installOpenApi(app);
 * ```
 */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vigil API', version: '0.1.0', description: DESCRIPTION },
      components: {
        securitySchemes: {
          hawk: {
            type: 'http',
            scheme: 'Hawk',
            description:
              'Hawk (sha256): id = user id, key = API key, ext = organization id; a request with a non-empty body must carry its payload `hash` (401 otherwise)',
          },
          agentHawk: {
            type: 'http',
            scheme: 'Hawk',
            description:
              'Hawk (sha256): id = agent id, key = agent secret, both from POST /agent/v1/register; ext unused; a request with a non-empty body must carry its payload `hash` (401 otherwise)',
          },
          v1ApiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'REST v1: the bare API key; the organization goes in the `Organization` header',
          },
          deployKey: {
            type: 'http',
            scheme: 'bearer',
            description: "the organization's deploy key (`vigil admin deploy-key --org <id>`)",
          },
          threatqBearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'ThreatQ-compatible API: the access_token of POST /api/token',
          },
          taxiiBasic: {
            type: 'http',
            scheme: 'basic',
            description: 'TAXII 2.1: email:password or OAuth client_id:client_secret',
          },
        },
      },
      security: [{ hawk: [] }],
      tags: [
        {
          name: 'Agent protocol',
          description:
            'How host agents register, report liveness and send event batches. Registration takes the deploy key; every other call is Hawk-signed with the agent id and secret, and answers are signed with Server-Authorization.',
        },
        {
          name: 'ThreatQ',
          description:
            'The threat library in ThreatQ\'s Open Exchange API shape under /api: POST /api/token (password, client_credentials, refresh_token grants), then `Authorization: Bearer <access_token>`. Integer ids, "YYYY-MM-DD HH:MM:SS" UTC dates, lists as {"total","data"}, errors as {"errors":[…]}.',
        },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
