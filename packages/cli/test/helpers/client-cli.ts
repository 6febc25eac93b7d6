/**
 * The API client commands against a test server, run in this process (run-cli.ts) with only the
 * environment a test gives them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@vigil/server';
import { startTestServer, type TestServer } from '@vigil/server/testing';
import { runCli, type CliResult } from './run-cli.js';

/** The TS_* variables that point the CLI at a test server. */
export function serverEnv(server: TestServer, creds = server.creds): Record<string, string> {
  return {
    TS_USER_ID: creds.userId,
    TS_API_KEY: creds.apiKey,
    TS_ORGANIZATION_ID: creds.orgId,
    TS_API_ENDPOINT: server.url,
  };
}

/** `vigil …args` against `server` with its owner's credentials from the environment. */
export function vigilAt(server: TestServer, extraEnv: Record<string, string | undefined> = {}) {
  return (...args: string[]) => runCli(args, { env: { ...serverEnv(server), ...extraEnv } });
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix = 'vigil-cli-client-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Parses stdout as JSON, with the process output in the failure message. */
export function jsonOut(r: CliResult): any {
  try {
    return JSON.parse(r.out);
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.out}\nstderr:\n${r.err}`);
  }
}

/**
 * A test server for CLI tests. Detection runs in-process: these tests read alerts, they do not raise
 * them, and a worker thread would only cost a core.
 */
export function startCliTestServer(dialect: 'sqlite' | 'postgres', options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const ingest: Record<string, unknown> = { ...loadConfig({ VIGIL_DETECTION_THREAD: '0' }, { dataDir: tmpdir(), secret: 'x'.repeat(40) }).ingest };
  return startTestServer(dialect, { ...options, config: { ingest, ...options.config } as Partial<Config> });
}
