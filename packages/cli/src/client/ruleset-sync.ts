/**
 * Export a ruleset with its rules, and import one: create or update by name, rules included.
 * @module
 */
import type { VigilClient } from '@vigil/sdk';
import { ruleDocument, rulesetDocument, type RuleInput, type RulesetInput, type RuleTags } from '../format/ruleset-yaml.js';

type Obj = Record<string, any>;

async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of list) items.push(item);
  return items;
}

function tagsOf(raw: unknown): RuleTags {
  const t = (raw ?? {}) as Obj;
  return { inclusion: Array.isArray(t.inclusion) ? t.inclusion : [], exclusion: Array.isArray(t.exclusion) ? t.exclusion : [] };
}

/** One rule as a YAML-ready document, tags included. */
export async function exportRule(client: VigilClient, rulesetId: string, ruleId: string): Promise<Obj> {
  const rule = (await client.rules.retrieve(rulesetId, ruleId)) as Obj;
  return ruleDocument(rule, tagsOf(await client.rules.tags(ruleId)));
}

/** A ruleset and all its rules (with tags) as a YAML-ready document. */
export async function exportRuleset(client: VigilClient, rulesetId: string): Promise<Obj> {
  const ruleset = (await client.rulesets.retrieve(rulesetId)) as Obj;
  const rules = (await all(client.rules.list(rulesetId) as AsyncIterable<Obj>)) as Obj[];
  const docs: Obj[] = [];
  for (const rule of rules) docs.push(ruleDocument(rule, tagsOf(await client.rules.tags(rule.id))));
  return rulesetDocument(ruleset, docs);
}

export interface ImportSummary {
  ruleset: Obj;
  rulesetCreated: boolean;
  created: string[];
  updated: string[];
}

/** Creates or updates each rule by name (case-insensitive) in a ruleset; sets its tags when given. */
export async function importRules(client: VigilClient, rulesetId: string, rules: RuleInput[], summary: { created: string[]; updated: string[] }): Promise<void> {
  const existing = (await all(client.rules.list(rulesetId) as AsyncIterable<Obj>)) as Obj[];
  const byName = new Map(existing.map((r) => [String(r.name).toLowerCase(), r]));
  for (const { body, tags } of rules) {
    const current = byName.get(String(body.name).toLowerCase());
    const saved = (current
      ? await client.rules.update(rulesetId, current.id, body as any)
      : await client.rules.create(rulesetId, body as any)) as Obj;
    (current ? summary.updated : summary.created).push(saved.id ?? current?.id);
    if (tags) await client.rules.setTags(saved.id ?? current!.id, tags as any);
  }
}

/** Creates the ruleset (or updates the one with the same name) and its rules. */
export async function importRuleset(client: VigilClient, input: RulesetInput): Promise<ImportSummary> {
  const rulesets = (await all(client.rulesets.list() as AsyncIterable<Obj>)) as Obj[];
  const current = rulesets.find((r) => String(r.name).toLowerCase() === input.name.toLowerCase());
  const base = { name: input.name, description: input.description };
  // ruleIds omitted: the ruleset keeps its rules; rules are matched by name below
  const ruleset = (current ? await client.rulesets.update(current.id, base as any) : await client.rulesets.create(base as any)) as Obj;
  const summary: ImportSummary = { ruleset, rulesetCreated: !current, created: [], updated: [] };
  await importRules(client, ruleset.id, input.rules, summary);
  summary.ruleset = (await client.rulesets.retrieve(ruleset.id)) as Obj;
  return summary;
}
