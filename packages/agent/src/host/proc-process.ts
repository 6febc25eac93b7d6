/**
 * What /proc says about a process: its executable, name, command line and container. Every read may fail
 * (the process exited, or the agent lacks the right to look), which answers `undefined`, never throws.
 * @module
 */
import { existsSync, readlinkSync } from 'node:fs';
import type { ProcessFacts } from '../audit/to-event.js';
import { readProcText } from './proc-text.js';

/** The 64-hex container id in a cgroup path: docker, containerd/CRI, CRI-O, podman and kubepods spellings. */
const CONTAINER_ID = /(?:^|[/-])([0-9a-f]{64})(?:\.scope)?$/;

/**
 * The container id in the text of `/proc/<pid>/cgroup`, `undefined` on the host.
 *
 * ```ts
 * containerIdFromCgroup('0::/system.slice/docker-<64 hex>.scope'); // '<64 hex>'
 * ```
 */
export function containerIdFromCgroup(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1).trim();
    const match = CONTAINER_ID.exec(path);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * ```ts
 * const facts = readProcessFacts(1234); // { exe: '/usr/bin/bash', command: 'bash', args: ['bash', '-c', '…'] }
 * ```
 */
export function readProcessFacts(pid: number, procRoot = '/proc'): ProcessFacts | undefined {
  const dir = `${procRoot}/${pid}`;
  if (!existsSync(dir)) return undefined;
  const facts: ProcessFacts = {};
  const exe = attempt(() => readlinkSync(`${dir}/exe`));
  if (exe !== undefined) facts.exe = exe.replace(/ \(deleted\)$/, '');
  const comm = readProcText(`${dir}/comm`)?.replace(/\n$/, '');
  if (comm !== undefined) facts.command = comm;
  const cmdline = readProcText(`${dir}/cmdline`);
  // A kernel thread has an empty command line; a process may also rewrite its own.
  if (cmdline) facts.args = cmdline.replace(/\0$/, '').split('\0');
  return Object.keys(facts).length === 0 ? undefined : facts;
}

/** The container of a process, from `/proc/<pid>/cgroup`. */
export function readContainerId(pid: number, procRoot = '/proc'): string | undefined {
  const text = readProcText(`${procRoot}/${pid}/cgroup`);
  return text === undefined ? undefined : containerIdFromCgroup(text);
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
