/**
 * Child process of the benchmark: starts Vigil (SQLite, demo dataset) and a bare fastify server (a constant
 * route, and two reference routes that answer with a copy of Vigil's agent response) on 127.0.0.1, prints
 * where they are as one JSON line, and runs until killed. Keeping the servers in their
 * own process leaves the parent's core to the load generator.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { authenticate, calculatePayloadHash, clientHeader, MemoryNonceCache, serverAuthorizationHeader } from '@vigil/hawk';
import { loadConfig, startServer } from '@vigil/server';
import { installBenchRules } from './bench-rules.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const creds = { orgId: 'benchorg', userId: 'benchuser', apiKey: randomBytes(32).toString('base64url') };
const hawkCredentials = { id: creds.userId, key: creds.apiKey, algorithm: 'sha256' as const };

const vigil = await startServer(
  loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: 0,
      databaseUrl: `sqlite:${join(dataDir, 'vigil.db')}`,
      dataDir,
      logLevel: 'warn',
      demo: true,
      // The limiters still run on every request; the budgets are raised so the benchmark is not refused.
      rateLimit: { perOrg: 1e9, perIp: 1e9, lockoutSeconds: 900 },
      bootstrap: { ...creds, orgName: 'Bench', email: 'bench@example.com' },
    },
  ),
  { print: () => {}, logger: false },
);

const agents = await vigil.store.agents.list(creds.orgId, { status: 'online' }, { limit: 1 });
const agentId = agents.items[0]!.id;

const bare = Fastify({ logger: false });
/** set once it listens; read per request (a getsockname each time would cost as much as a MAC) */
let barePort = 0;
bare.get('/', async () => ({ hello: 'world' }));
// The same bytes Vigil answers GET /v2/agents/{id} with (its body and its own headers), as constants: what
// writing that response costs fastify and the socket before any authentication, limiting or reading.
const agentCopy = await fetchSigned(`/v2/agents/${agentId}`);
bare.get('/agent-copy', async (_request, reply) => reply.headers(agentCopy.headers).send(agentCopy.body));
// The same for a page of 100 alerts (about 50 KB): the floor under the cache-miss row, where only the
// response's size is paid for.
const alertsCopy = await fetchSigned('/v2/alerts?status=active');
bare.get('/alerts-copy', async (_request, reply) => reply.headers(alertsCopy.headers).send(alertsCopy.body));
// The same bytes after `us` microseconds of CPU spent on the event loop: what any Node server answering this
// page after that much work per request does under the same load, Vigil's code aside (the cache-miss row's
// reference, with `us` set to Vigil's measured CPU per miss).
bare.get<{ Querystring: { us?: string } }>('/alerts-copy-after-cpu', async (request, reply) => {
  const until = performance.now() + Number(request.query.us ?? 0) / 1000;
  while (performance.now() < until);
  return reply.headers(alertsCopy.headers).send(alertsCopy.body);
});
// The same constant behind the least a Hawk server must do: check the request's MAC and nonce, sign the
// reply. No database, rate limits, hooks or metrics; one fixed credential.
const nonces = new MemoryNonceCache({ ttlMs: 121_000, maxEntries: 1_000_000 }); // as Vigil's (auth/nonce-store.ts)
const agentCopyHash = calculatePayloadHash(agentCopy.body, 'sha256', agentCopy.headers['content-type']);
bare.get('/hawk-agent-copy', async (request, reply) => {
  const { credentials, artifacts } = await authenticate(
    { method: request.method, url: request.raw.url!, host: '127.0.0.1', port: barePort, authorization: request.headers.authorization },
    { getCredentials: (id) => (id === hawkCredentials.id ? hawkCredentials : undefined), checkNonce: (id, nonce, ts) => nonces.check(id, nonce, ts) },
  );
  const serverAuthorization = serverAuthorizationHeader(credentials, artifacts, { payload: agentCopy.body, hash: agentCopyHash, contentType: agentCopy.headers['content-type'] });
  return reply.headers(agentCopy.headers).header('server-authorization', serverAuthorization).send(agentCopy.body);
});
// The server process's resident memory, so the latency run can tell whether it grows under steady load.
bare.get('/rss', async () => ({ rss: process.memoryUsage().rss }));
// CPU time the server process has used (µs, all threads): per request, it is comparable on a busy machine.
bare.get('/cpu', async () => {
  const { user, system } = process.cpuUsage();
  return { cpuMicros: user + system };
});
await bare.listen({ host: '127.0.0.1', port: 0 });
barePort = (bare.server.address() as { port: number }).port;

const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
const benchRules = await installBenchRules(vigil.store, creds.orgId);
process.stdout.write(
  JSON.stringify({
    vigilUrl: vigil.url,
    bareUrl: `http://127.0.0.1:${barePort}`,
    creds,
    agentId,
    deployKey,
    enabledRules: benchRules,
    dataDir,
  }) + '\n',
);

/** One Hawk-signed GET from Vigil: its body and the headers Vigil itself set. */
async function fetchSigned(path: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const url = `${vigil.url}${path}`;
  const res = await fetch(url, { headers: { authorization: clientHeader(url, 'GET', { credentials: hawkCredentials, ext: creds.orgId }).header } });
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}`);
  // Node's http layer writes these itself on every response.
  const own = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);
  return { body: Buffer.from(await res.arrayBuffer()), headers: Object.fromEntries([...res.headers].filter(([name]) => !own.has(name))) };
}

// A clean exit on SIGTERM lets `--cpu-prof` (BENCH_PROFILE=1) write its profile; the data goes with it.
process.once('SIGTERM', () => {
  void vigil.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
