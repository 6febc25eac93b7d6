/**
 * What the `vigil intel` object commands (events, adversaries, attachments, relations, …) share: checks of
 * ids, counts and kinds that turn a typo into a usage error (exit 2) before any request, the context flags
 * (`--source`, `--tlp`, `--tag`, `--attribute`, `--comment`), `--limit`/`--all`, and standard input.
 * @module
 */
import { readFileSync } from 'node:fs';
import { readAll } from '../io.js';
import type { Command } from 'commander';
import type { TqContextInput, TqObjectKind } from '@vigil/sdk';
import { UsageError } from '../client/exit-codes.js';

/** commander's collector for repeatable flags. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A positive integer id; anything else is a usage error naming `what`. */
export function positiveId(raw: string | undefined, what: string): number {
  if (!raw || !/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new UsageError(`${what} must be a positive integer (got "${raw}")`);
  return Number(raw);
}

/** A whole number from 1 to `max`, or undefined when the flag is absent. */
export function count(raw: string | undefined, flag: string, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${raw}")`);
  return Number(raw);
}

/** A comma list of `with=` names, or the default. */
export function withList(raw: string | undefined, fallback: readonly string[]): string[] {
  return raw === undefined ? [...fallback] : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

const KINDS: readonly TqObjectKind[] = ['indicators', 'events', 'adversaries', 'attachments'];
const SINGULAR: Record<string, TqObjectKind> = { indicator: 'indicators', event: 'events', adversary: 'adversaries', attachment: 'attachments' };

/** An object kind: indicators, events, adversaries or attachments (the singular is fine too). */
export function objectKind(raw: string | undefined, what = 'kind'): TqObjectKind {
  const text = (raw ?? '').trim().toLowerCase();
  const kind = (KINDS as readonly string[]).includes(text) ? (text as TqObjectKind) : SINGULAR[text];
  if (!kind) throw new UsageError(`${what} must be one of ${KINDS.join(', ')} (got "${raw}")`);
  return kind;
}

/** `--limit`/`--all` on a list command. */
export function addPaging(cmd: Command): Command {
  return cmd.option('--limit <n>', 'show at most this many (default 50, at most 10000)').option('--all', 'show every match (up to 10000)');
}

/** How many items a list command shows. */
export function pagingLimit(opts: { all?: boolean; limit?: string }): number {
  return opts.all ? 10_000 : (count(opts.limit, '--limit', 10_000) ?? 50);
}

/** The flags that add context to an event or adversary. */
export function addContextFlags(cmd: Command): Command {
  return cmd
    .option('--source <name>', 'a source (repeatable)', collect)
    .option('--tlp <name>', 'TLP of the sources: WHITE, GREEN, AMBER or RED')
    .option('--tag <name>', 'a tag (repeatable)', collect)
    .option('--attribute <name=value>', 'an attribute (repeatable)', collect)
    .option('--comment <text>', 'a comment (repeatable)', collect);
}

/** The context the flags of {@link addContextFlags} describe (empty lists left out). */
export function contextFrom(opts: { source?: string[]; tlp?: string; tag?: string[]; attribute?: string[]; comment?: string[] }): TqContextInput {
  const out: TqContextInput = {};
  if (opts.source) out.sources = opts.source.map((name) => ({ name, ...(opts.tlp ? { tlp: { name: opts.tlp } } : {}) }));
  else if (opts.tlp) throw new UsageError('--tlp needs --source');
  if (opts.tag) out.tags = opts.tag;
  if (opts.attribute) out.attributes = opts.attribute.map(attributePair);
  if (opts.comment) out.comments = opts.comment;
  return out;
}

/** `name=value` → `{name, value}`. */
export function attributePair(pair: string): { name: string; value: string } {
  const eq = pair.indexOf('=');
  if (eq < 1) throw new UsageError(`--attribute must be name=value (got "${pair}")`);
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

/** A file's bytes, or `stdin`'s for `-`. */
export async function readInput(file: string, what: string, stdin: NodeJS.ReadableStream): Promise<Buffer> {
  if (file === '-') return readAll(stdin);
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
