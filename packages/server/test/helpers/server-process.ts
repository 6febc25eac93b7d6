/**
 * `vigil serve` as a real child process (from the TypeScript sources), for tests that kill it with SIGKILL
 * and start it again on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// The CLI's entry as this process resolves it: its TypeScript source under the `source` condition tests run with.
const CLI = fileURLToPath(import.meta.resolve('@vigil/cli/run'));

export interface ServerProcess {
  process: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  exited: Promise<unknown>;
}

/**
 * Starts `vigil serve --port 0` with `env` and resolves once it listens.
 * ```ts
 * const child = await startServerProcess({ ...process.env, VIGIL_DATABASE_URL: url, VIGIL_SECRET: secret });
 * child.process.kill('SIGKILL');
 * await child.exited;
 * ```
 */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that neither listens nor exits must not outlive the test.
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${lines.join('\n')}`));
    }, 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited early with ${code}: ${lines.join('\n')}`));
    });
  });
  return { process: child, url, exited };
}
