/**
 * A real Vigil server for the agent's end-to-end tests: a fresh database of the dialect, a data folder, an
 * organization bootstrapped with known credentials, and an SDK client as its user. `restart()` brings it back
 * on the same port, database and folder (an agent's URL stays valid); `close()` removes everything.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VigilClient } from '@vigil/sdk';
import { loadConfig, startServer, type Config, type RunningServer } from '@vigil/server';
import { createTestDatabase, type DIALECTS, type TestDatabase } from '@vigil/store/testing';

export interface VigilServerOptions {
  /** names the organization and the data folder */
  name: string;
  /** VIGIL_* variables, as the environment would give them */
  env?: Record<string, string>;
  /** the Base Rule Set (default true) */
  baseRuleSet?: boolean;
  agents?: Config['agents'];
}

export interface VigilServer {
  readonly creds: { orgId: string; userId: string; apiKey: string };
  readonly db: TestDatabase;
  readonly dataDir: string;
  /** the running server (a new one after `restart()`) */
  readonly vigil: RunningServer;
  readonly url: string;
  readonly api: VigilClient;
  /** stops the server (the database and folder stay, for `restart()`) */
  stop(): Promise<void>;
  /** starts it again on the port it had */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startVigilServer(dialect: (typeof DIALECTS)[number], options: VigilServerOptions): Promise<VigilServer> {
  const slug = options.name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const creds = { orgId: `${slug}org`, userId: `${slug}user`, apiKey: randomBytes(32).toString('base64url') };
  const db = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), `vigil-agent-${slug}-`));
  const start = (port: number) =>
    startServer(
      // The tests poll the REST API every 10 ms while they wait for what the agent caused: at an organization's
      // default budget (200 requests a minute) a wait of a few seconds spent it, and the SDK then waited out the
      // rest of the minute (the minute the file integrity test spent after its rule change). Detection runs in
      // the server's own thread: its worker thread, run from the TypeScript sources, loads tsx and the store again
      // (about 3 s of CPU per start), and what these tests check is the agent (the thread has tests of its own).
      loadConfig({ VIGIL_RATE_LIMIT_ORG: '100000', VIGIL_DETECTION_THREAD: '0', ...options.env }, {
        host: '127.0.0.1',
        port,
        databaseUrl: db.url,
        dataDir,
        logLevel: 'warn',
        bootstrap: { ...creds, orgName: options.name, email: `${slug}@example.com`, baseRuleSet: options.baseRuleSet ?? true },
        ...(options.agents ? { agents: options.agents } : {}),
      }),
      { print: () => {}, logger: false },
    );
  let vigil = await start(0);
  const port = Number(new URL(vigil.url).port);
  const api = new VigilClient({ userId: creds.userId, apiKey: creds.apiKey, organizationId: creds.orgId, baseUrl: vigil.url });
  let running = true;
  return {
    creds,
    db,
    dataDir,
    get vigil() {
      return vigil;
    },
    url: vigil.url,
    api,
    async stop() {
      running = false;
      await vigil.close();
    },
    async restart() {
      vigil = await start(port);
      running = true;
    },
    async close() {
      if (running) await vigil.close();
      running = false;
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
