/**
 * Checks of command-line values, so a typo is a usage error (exit 2) before any request.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './exit-codes.js';

/** An ISO-8601 date or time, passed on as given (the server reads naive times as UTC). */
export function isoTime(raw: string | undefined, flag: string): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) || raw.length <= 10 ? raw : raw + 'Z'))) {
    throw new UsageError(`${flag} must be an ISO-8601 date or time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z (got "${raw}")`);
  }
  return raw;
}

/** Severity 1 (high), 2 (medium) or 3 (low). */
export function severity(raw: string | undefined): 1 | 2 | 3 | undefined {
  if (raw === undefined) return undefined;
  if (!/^[123]$/.test(raw.trim())) throw new UsageError(`--severity must be 1, 2 or 3 (got "${raw}")`);
  return Number(raw.trim()) as 1 | 2 | 3;
}

export function choice<T extends string>(raw: string | undefined, allowed: readonly T[], what: string, fallback?: T): T {
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`${what} is required: ${allowed.join(' | ')}`);
  }
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${what} must be ${allowed.join(' or ')} (got "${raw}")`);
  return raw as T;
}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A JSON body from `--data '{…}'` or `--data @file.json`. */
export function jsonData(raw: string, flag = '--data'): unknown {
  const text = raw.startsWith('@') ? readText(raw.slice(1), 'data file') : raw;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A YAML (or JSON, which is YAML) document from a file. */
export function yamlFile(path: string): unknown {
  const text = readText(path, 'file');
  try {
    return parseYaml(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** An object body from `--file` (YAML/JSON) or `--data` (JSON or @file). */
export function objectBody(opts: { file?: string; data?: string }, what: string): Record<string, unknown> {
  if (opts.file !== undefined && opts.data !== undefined) throw new UsageError('give --file or --data, not both');
  const body = opts.file !== undefined ? yamlFile(opts.file) : opts.data !== undefined ? jsonData(opts.data) : undefined;
  if (body === undefined) throw new UsageError(`${what}: give the body with --file FILE.yaml or --data JSON`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new UsageError(`${what}: the body must be an object`);
  return body as Record<string, unknown>;
}
