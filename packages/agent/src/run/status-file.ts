/**
 * `status.json` in the state folder: what a running agent last knew about itself, rewritten with every heartbeat
 * and when it stops, so that `vigil-agent status` can answer without talking to the agent or the server.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './state-dir.js';

export interface AgentStatusFile {
  agentId: string;
  url: string;
  version: string;
  pid: number;
  startedAt: string;
  updatedAt: string;
  stoppedAt?: string;
  lastHeartbeat?: { at: string; ok: boolean; error?: string };
  health: Record<string, unknown>;
}

const FILE = 'status.json';

export function writeStatusFile(dir: string, status: AgentStatusFile): void {
  writeFileAtomic(join(dir, FILE), JSON.stringify(status, null, 2) + '\n');
}

/** The status file, `undefined` when the agent never ran with this state folder. */
export function readStatusFile(dir: string): AgentStatusFile | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as AgentStatusFile;
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote the file is still there. */
export function isRunning(status: AgentStatusFile): boolean {
  if (status.stoppedAt !== undefined) return false;
  try {
    process.kill(status.pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * The status as lines for a person.
 *
 * ```ts
 * formatStatus(readStatusFile(dir)!, true);
 * // agent 5b0e… → http://vigil:8080/  (running, pid 812, version 0.1.0)
 * // audit: HEALTHY
 * // …
 * ```
 */
export function formatStatus(status: AgentStatusFile, running: boolean): string {
  const lines = [
    `agent ${status.agentId} → ${status.url}  (${running ? `running, pid ${status.pid}` : `not running${status.stoppedAt ? `, stopped ${status.stoppedAt}` : ''}`}, version ${status.version})`,
  ];
  const beat = status.lastHeartbeat;
  if (beat) lines.push(`last heartbeat: ${beat.at} ${beat.ok ? 'ok' : `failed: ${beat.error ?? 'unknown error'}`}`);
  const { isHealthy, problems, metrics, ...modules } = status.health as {
    isHealthy?: boolean;
    problems?: Record<string, string>;
    metrics?: Record<string, number>;
  } & Record<string, unknown>;
  for (const [name, word] of Object.entries(modules)) {
    lines.push(`${name}: ${String(word)}${problems?.[name] ? ` (${problems[name]})` : ''}`);
  }
  if (problems?.shipping) lines.push(`shipping: ${problems.shipping}`);
  if (metrics) lines.push(`events: ${Object.entries(metrics).map(([k, v]) => `${k.replace(/^events/, '').toLowerCase() || k} ${v}`).join(', ')}`);
  lines.push(isHealthy ? 'healthy' : 'not healthy');
  return lines.join('\n') + '\n';
}
