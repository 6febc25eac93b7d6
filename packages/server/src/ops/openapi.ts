/**
 * `/openapi.json` and `/docs`, generated from the same TypeBox schemas the routes validate with.
 * Must be registered before the routes it documents. The document is half a megabyte of JSON: it and
 * Swagger UI's bundle are compressed once and revalidated by ETag (compressed-asset.ts), and the tags
 * are listed in the order a Threat Stack user looks for them.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { compressedAsset } from './compressed-asset.js';
import { VERSION } from '../version.js';

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
 * Every tag, in the order /docs lists them (Swagger UI follows this list): Threat Stack's REST v2 first,
 * then v1, webhooks, the threat library, TAXII, the agent protocol and operations. A route with a tag
 * missing here would be listed after all of these.
 */
export const OPENAPI_TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'Agents', description: 'REST v2: the hosts running the agent, online and offline.' },
  { name: 'Alerts', description: 'REST v2: alerts raised by the rules, their events, severity counts and dismissal.' },
  { name: 'Servers', description: 'REST v2: cloud instances (EC2 servers), monitored by an agent or imported from your cloud account export.' },
  { name: 'Rulesets and Rules', description: 'REST v2: rulesets, their rules and rule tags.' },
  { name: 'Vulnerabilities', description: "REST v2: the CVEs the organization's hosts are exposed to (one item per CVE, host and package), the hosts of a CVE, and suppressions." },
  { name: 'Organization', description: 'REST v2: members and invitations of the organization.' },
  { name: 'Audit Logs', description: 'REST v2: who changed what.' },
  { name: 'Hawk', description: 'Check a Hawk signature: the self-test echoes what the server computed.' },
  { name: 'REST v1', description: "The same data read-only in Threat Stack's v1 shape (`Authorization: <API key>`, `Organization: <org id>`)." },
  { name: 'Webhooks', description: 'Outbound alert webhooks (Standard Webhooks signatures), their tests and delivery log.' },
  {
    name: 'ThreatQ',
    description:
      'The threat library in ThreatQ\'s Open Exchange API shape under /api: POST /api/token (password, client_credentials, refresh_token grants), then `Authorization: Bearer <access_token>`. Integer ids, "YYYY-MM-DD HH:MM:SS" UTC dates, lists as {"total","data"}, errors as {"errors":[…]}.',
  },
  { name: 'TAXII 2.1', description: 'The threat library as a TAXII 2.1 server (/taxii2/, HTTP Basic or a ThreatQ bearer token) and its collections (/api/taxii/collections).' },
  {
    name: 'Agent protocol',
    description:
      'How host agents register, report liveness and send event batches. Registration takes the deploy key; every other call is Hawk-signed with the agent id and secret, and answers are signed with Server-Authorization.',
  },
  {
    name: 'Console',
    description:
      'The web console\'s own API under /console/api: sign-in sessions (cookie `vigil_session` plus `X-CSRF-Token`), the organization switcher, and what the console needs that no REST route offers. The same cookie also authenticates /v2 and /api.',
  },
  { name: 'Operations', description: 'Liveness and readiness probes for load balancers and orchestrators (metrics: GET /metrics, Prometheus text).' },
];

/** Swagger UI's own files, served compressed instead of by its static handler (the bundle is 1.7 MB). */
const UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};
const UI_DIR = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');

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
      info: { title: 'Vigil API', version: VERSION, description: DESCRIPTION },
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
          consoleSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'vigil_session',
            description:
              'The console\'s session (POST /console/api/session), accepted on /v2, /api, /api/v1 and /taxii2 when a request has no Authorization header; every such request must also send `X-CSRF-Token: <csrfToken of the session>`, and writes must not come from another origin (403 otherwise)',
          },
          taxiiBasic: {
            type: 'http',
            scheme: 'basic',
            description: 'TAXII 2.1: email:password or OAuth client_id:client_secret',
          },
        },
      },
      security: [{ hawk: [] }, { consoleSession: [] }],
      tags: [...OPENAPI_TAGS],
    },
  });
  // The document cannot change once the server is ready, so it is serialized and compressed once.
  const spec = compressedAsset(() => JSON.stringify(app.swagger()), 'application/json; charset=utf-8');
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Models (hundreds of schemas) render on demand rather than below the operations.
    uiConfig: { defaultModelsExpandDepth: -1 },
    uiHooks: {
      // /docs/json is what the UI loads: the same compressed document as /openapi.json.
      onRequest: async (request, reply) => {
        if (request.url.split('?', 1)[0] === '/docs/json') return spec.send(request, reply);
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, (request, reply) => spec.send(request, reply));
  // These exact paths take precedence over the UI's static wildcard.
  for (const [name, type] of Object.entries(UI_FILES)) {
    const file = compressedAsset(() => readFile(join(UI_DIR, name)), type);
    app.get(`/docs/static/${name}`, { schema: { hide: true } }, (request, reply) => file.send(request, reply));
  }
}
