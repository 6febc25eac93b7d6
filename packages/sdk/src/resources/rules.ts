/**
 * `client.rules`: rules inside a ruleset (`/v2/rulesets/{id}/rules…`) and their agent-tag scoping
 * (`/v2/rules/{id}/tags`).
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { CallOptions, Rule, RuleTags, Tag } from '../types.js';
import { ApiResource } from './api-resource.js';

/**
 * A rule write. Every save is a full write: omitted optional fields take their defaults. `filter` is
 * required for Host rules; File rules need `fileIntegrityPaths`.
 */
export interface RuleInput {
  name: string;
  /** Host, File, ThreatIntel or Vulnerability (any case) */
  type: string;
  title: string;
  severityOfAlerts: 1 | 2 | 3 | '1' | '2' | '3';
  alertDescription: string;
  aggregateFields?: string[] | null;
  filter?: string | null;
  /** seconds (default 3600) */
  window?: number | null;
  threshold?: number | null;
  suppressions?: string[] | null;
  enabled?: boolean | null;
  fileIntegrityPaths?: Array<{ path: string; recursive?: boolean | null }> | null;
  ignoreFiles?: string[] | null;
  eventsToMonitor?: string[] | null;
}

/** Tags to match agents by; `source` empty or omitted matches any source. */
export type TagInput = Omit<Tag, 'source'> & { source?: string | null };

/**
 * Rules of a ruleset.
 *
 * ```ts
 * const rule = await client.rules.create(rulesetId, { name: 'sudo', type: 'Host', title: 'sudo used',
 *   severityOfAlerts: 2, alertDescription: 'sudo', filter: 'event_type = "audit" and command = "sudo"' });
 * ```
 */
export class RulesResource extends ApiResource {
  /**
   * The rules of a ruleset (one page; the API does not page them).
   *
   * ```ts
   * const { items: rules } = await client.rules.list(rulesetId);
   * ```
   */
  list(rulesetId: string, options: CallOptions = {}): ListPromise<Rule> {
    return this.paged<Rule>(`${this.#rulesetPath(rulesetId)}/rules`, 'rules', {}, options.signal);
  }

  /**
   * One rule.
   *
   * ```ts
   * const rule = await client.rules.retrieve(rulesetId, ruleId);
   * ```
   */
  retrieve(rulesetId: string, ruleId: string, options: CallOptions = {}): Promise<Rule> {
    return this.get<Rule>(this.#rulePath(rulesetId, ruleId), undefined, options.signal);
  }

  /**
   * Creates a rule in a ruleset; a filter that does not compile is a BadRequestError.
   *
   * ```ts
   * await client.rules.create(rulesetId, { name: 'n', type: 'host', title: 't', severityOfAlerts: 1,
   *   alertDescription: 'd', filter: 'event_type = "audit"' });
   * ```
   */
  create(rulesetId: string, body: RuleInput, options: CallOptions = {}): Promise<Rule> {
    return this.write<Rule>('POST', `${this.#rulesetPath(rulesetId)}/rules`, body, options.signal);
  }

  /**
   * Replaces a rule (full write).
   *
   * ```ts
   * await client.rules.update(rulesetId, ruleId, { ...input, enabled: false });
   * ```
   */
  update(rulesetId: string, ruleId: string, body: RuleInput, options: CallOptions = {}): Promise<Rule> {
    return this.write<Rule>('PUT', this.#rulePath(rulesetId, ruleId), body, options.signal);
  }

  /**
   * Deletes a rule.
   *
   * ```ts
   * await client.rules.delete(rulesetId, ruleId);
   * ```
   */
  async delete(rulesetId: string, ruleId: string, options: CallOptions = {}): Promise<void> {
    await this.write('DELETE', this.#rulePath(rulesetId, ruleId), undefined, options.signal);
  }

  /**
   * A rule's agent-tag scoping: it applies to agents with any `inclusion` tag and none of the
   * `exclusion` tags.
   *
   * ```ts
   * const { inclusion, exclusion } = await client.rules.tags(ruleId);
   * ```
   */
  tags(ruleId: string, options: CallOptions = {}): Promise<RuleTags> {
    return this.get<RuleTags>(`/v2/rules/${this.id(ruleId, 'ruleId')}/tags`, undefined, options.signal);
  }

  /**
   * Replaces both tag lists (an omitted list is empty).
   *
   * ```ts
   * await client.rules.setTags(ruleId, { inclusion: [{ source: 'ec2', key: 'Environment', value: 'prod' }], exclusion: [] });
   * ```
   */
  setTags(ruleId: string, tags: { inclusion?: TagInput[] | null; exclusion?: TagInput[] | null }, options: CallOptions = {}): Promise<RuleTags> {
    return this.write<RuleTags>('PUT', `/v2/rules/${this.id(ruleId, 'ruleId')}/tags`, tags, options.signal);
  }

  #rulesetPath(rulesetId: string): string {
    return `/v2/rulesets/${this.id(rulesetId, 'rulesetId')}`;
  }

  #rulePath(rulesetId: string, ruleId: string): string {
    return `${this.#rulesetPath(rulesetId)}/rules/${this.id(ruleId, 'ruleId')}`;
  }
}
