/**
 * `client.rulesets`: `/v2/rulesets` CRUD.
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { CallOptions, Ruleset } from '../types.js';
import { ApiResource } from './api-resource.js';

/**
 * A ruleset write. Every save is a full write. `ruleIds` (omitted or null: rules unchanged) is the
 * set of rules of the ruleset: listed rules of other rulesets move in; on update, unlisted rules of
 * this ruleset are deleted.
 */
export interface RulesetInput {
  name: string;
  description?: string | null;
  ruleIds?: string[] | null;
}

/**
 * The organization's rulesets (one page; the API does not page them).
 *
 * ```ts
 * const { items } = await client.rulesets.list();
 * ```
 */
export class RulesetsResource extends ApiResource {
  /**
   * Lists rulesets, optionally only those with a rule that applies to an agent (by its tags).
   *
   * ```ts
   * for await (const ruleset of client.rulesets.list({ agentId })) console.log(ruleset.name);
   * ```
   */
  list(params: { agentId?: string } & CallOptions = {}): ListPromise<Ruleset> {
    return this.paged<Ruleset>('/v2/rulesets', 'rulesets', { agentId: params.agentId }, params.signal);
  }

  /**
   * One ruleset by id.
   *
   * ```ts
   * const ruleset = await client.rulesets.retrieve(rulesetId);
   * ```
   */
  retrieve(rulesetId: string, options: CallOptions = {}): Promise<Ruleset> {
    return this.get<Ruleset>(`/v2/rulesets/${this.id(rulesetId, 'rulesetId')}`, undefined, options.signal);
  }

  /**
   * Creates a ruleset; names are unique per organization, ignoring case (ConflictError otherwise).
   *
   * ```ts
   * const ruleset = await client.rulesets.create({ name: 'Prod hardening', description: 'CIS' });
   * ```
   */
  create(body: RulesetInput, options: CallOptions = {}): Promise<Ruleset> {
    return this.write<Ruleset>('POST', '/v2/rulesets', body, options.signal);
  }

  /**
   * Replaces a ruleset's name, description and (when `ruleIds` is given) its rules.
   *
   * ```ts
   * await client.rulesets.update(rulesetId, { name: 'Prod hardening v2', ruleIds: [ruleA, ruleB] });
   * ```
   */
  update(rulesetId: string, body: RulesetInput, options: CallOptions = {}): Promise<Ruleset> {
    return this.write<Ruleset>('PUT', `/v2/rulesets/${this.id(rulesetId, 'rulesetId')}`, body, options.signal);
  }

  /**
   * Deletes a ruleset and its rules.
   *
   * ```ts
   * await client.rulesets.delete(rulesetId);
   * ```
   */
  async delete(rulesetId: string, options: CallOptions = {}): Promise<void> {
    await this.write('DELETE', `/v2/rulesets/${this.id(rulesetId, 'rulesetId')}`, undefined, options.signal);
  }
}
