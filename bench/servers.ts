/**
 * Child process of the benchmark: starts Vigil (SQLite, demo dataset) and a bare fastify route on
 * 127.0.0.1, prints where they are as one JSON line, and runs until killed. Keeping the servers in their
 * own process leaves the parent's core to the load generator.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { loadConfig, startServer } from '@vigil/server';
import { installBenchRules } from './bench-rules.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
const creds = { orgId: 'benchorg', userId: 'benchuser', apiKey: randomBytes(32).toString('base64url') };

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

const bare = Fastify({ logger: false });
bare.get('/', async () => ({ hello: 'world' }));
// The server process's resident memory, so the latency run can tell whether it grows under steady load.
bare.get('/rss', async () => ({ rss: process.memoryUsage().rss }));
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareAddress = bare.server.address();

const agents = await vigil.store.agents.list(creds.orgId, { status: 'online' }, { limit: 1 });
const { key: deployKey } = await vigil.store.deployKeys.issue(creds.orgId);
const benchRules = await installBenchRules(vigil.store, creds.orgId);
process.stdout.write(
  JSON.stringify({
    vigilUrl: vigil.url,
    bareUrl: `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`,
    creds,
    agentId: agents.items[0]!.id,
    deployKey,
    enabledRules: benchRules,
  }) + '\n',
);

// A clean exit on SIGTERM lets `--cpu-prof` (BENCH_PROFILE=1) write its profile.
process.once('SIGTERM', () => process.exit(0));
