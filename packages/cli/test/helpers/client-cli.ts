/**
 * Runs the real `vigil` process (asynchronously, so a test server in this process keeps answering) with
 * a clean environment: no TS_* variables leak in from the developer's shell.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@vigil/server';
import { startTestServer, type TestServer } from '../../../server/test/helpers/test-server.js';
import { CLI, type CliResult } from './cli-database.js';

const TSX = new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** `vigil …args`; resolves when the process exits. */
export function runVigil(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TS_')) env[k] = v;
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

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
  return (...args: string[]) => runVigil(args, { env: { ...serverEnv(server), ...extraEnv } });
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
