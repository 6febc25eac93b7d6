/**
 * Rulesets and rules as YAML documents people can keep in git: what the API returns, minus what a POST
 * does not take (`id`, `rulesetId`, `createdAt`, `updatedAt`, as tsctl strips them, and `disabledReason`),
 * with each ruleset's rules inlined instead of listed by id.
 * @module
 */
import { stringify } from 'yaml';
import { UsageError } from '../client/exit-codes.js';

const SERVER_FIELDS = new Set(['id', 'rulesetId', 'createdAt', 'updatedAt', 'disabledReason']);

export interface RuleTags {
  inclusion: unknown[];
  exclusion: unknown[];
}

/** A rule as written to YAML: its POSTable fields, plus its agent tags when they are not empty. */
export function ruleDocument(rule: Record<string, unknown>, tags?: RuleTags): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) if (!SERVER_FIELDS.has(k)) doc[k] = v;
  if (tags && (tags.inclusion.length > 0 || tags.exclusion.length > 0)) doc.tags = { inclusion: tags.inclusion, exclusion: tags.exclusion };
  return doc;
}

/** A ruleset with its rules inlined. */
export function rulesetDocument(ruleset: Record<string, unknown>, rules: Record<string, unknown>[]): Record<string, unknown> {
  return { name: ruleset.name, description: ruleset.description ?? '', rules };
}

export function toYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0 });
}

export interface RuleInput {
  body: Record<string, unknown>;
  tags?: RuleTags;
}

/** Splits a rule document into the POST body and its tags; checks only the shape, the server the rest. */
export function ruleInput(doc: unknown, where: string): RuleInput {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${where} must be a mapping of rule fields`);
  const body: Record<string, unknown> = {};
  let tags: RuleTags | undefined;
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (SERVER_FIELDS.has(k)) continue;
    if (k === 'tags') {
      if (v === null || v === undefined) continue;
      if (typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`${where}.tags must be a mapping with inclusion and exclusion lists`);
      const t = v as Record<string, unknown>;
      for (const side of ['inclusion', 'exclusion'] as const) {
        if (t[side] !== undefined && t[side] !== null && !Array.isArray(t[side])) throw new UsageError(`${where}.tags.${side} must be a list`);
      }
      tags = { inclusion: (t.inclusion as unknown[] | null) ?? [], exclusion: (t.exclusion as unknown[] | null) ?? [] };
      continue;
    }
    body[k] = v;
  }
  if (typeof body.name !== 'string' || body.name.trim() === '') throw new UsageError(`${where}.name must be a non-empty string`);
  return tags ? { body, tags } : { body };
}

export interface RulesetInput {
  name: string;
  description: string;
  rules: RuleInput[];
}

/** Reads a ruleset document (`name`, `description`, `rules: [...]`). */
export function rulesetInput(doc: unknown, file: string): RulesetInput {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${file}: expected a mapping with name, description and rules`);
  const d = doc as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name.trim() === '') throw new UsageError(`${file}: name must be a non-empty string`);
  if (d.description !== undefined && d.description !== null && typeof d.description !== 'string') throw new UsageError(`${file}: description must be a string`);
  if (d.rules !== undefined && d.rules !== null && !Array.isArray(d.rules)) throw new UsageError(`${file}: rules must be a list`);
  const rules = ((d.rules as unknown[] | null | undefined) ?? []).map((r, i) => ruleInput(r, `${file}: rules[${i}]`));
  const names = new Set<string>();
  for (const r of rules) {
    const key = String(r.body.name).toLowerCase();
    if (names.has(key)) throw new UsageError(`${file}: rule name "${r.body.name}" appears twice`);
    names.add(key);
  }
  return { name: d.name, description: (d.description as string | undefined) ?? '', rules };
}
