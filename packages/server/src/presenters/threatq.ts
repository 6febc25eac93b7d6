/**
 * Wire shapes of the ThreatQ-compatible API (reference threatq-api.md §1.3–§1.5): integer ids, dates as
 * `"YYYY-MM-DD HH:MM:SS"` in UTC, scores as two-decimal strings in the `score` object, and the related
 * collections asked for with `with=`.
 * @module
 */
import type { Indicator, IndicatorAttribute, IndicatorSourceLink, IndicatorTag, OAuthClient } from '@vigil/store';
import { indicatorStatus, indicatorType } from '@vigil/intel';

/**
 * Formats epoch ms as ThreatQ's UTC datetime; null stays null.
 * ```ts
 * tqDate(0); // '1970-01-01 00:00:00'
 * ```
 */
export function tqDate(ms: number | null): string | null {
  if (ms === null) return null;
  // A bulk answer repeats one timestamp thousands of times: format it once.
  if (ms !== lastDate.ms) lastDate = { ms, text: new Date(ms).toISOString().slice(0, 19).replace('T', ' ') };
  return lastDate.text;
}
let lastDate = { ms: Number.NaN, text: '' };

const scoreText = (score: number | null) => (score === null ? null : score.toFixed(2));

/** The related collections an indicator can be listed with. */
export interface IndicatorRelations {
  sources?: Map<number, IndicatorSourceLink[]>;
  attributes?: Map<number, IndicatorAttribute[]>;
  tags?: Map<number, IndicatorTag[]>;
  /** related objects by relation name (events, adversaries, attachments, indicators), then indicator id */
  linked?: Map<string, Map<number, Record<string, unknown>[]>>;
  /** `with=` names: which of score, type, status and the empty relations to add */
  with: ReadonlySet<string>;
}

/** Relations ThreatQ knows that Vigil does not hold yet; asked for, they are present and empty. */
export const EMPTY_RELATIONS = ['adversaries', 'events', 'comments', 'attachments', 'signatures', 'indicators', 'watchlist'] as const;

/**
 * One indicator in ThreatQ's shape, with what `relations.with` asks for.
 * ```ts
 * presentIndicator(indicator, { with: new Set(['score']) });
 * ```
 */
export function presentIndicator(i: Indicator, relations: IndicatorRelations): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: i.id,
    type_id: i.typeId,
    status_id: i.statusId,
    class: i.class,
    hash: i.hash,
    value: i.value,
    description: i.description,
    last_detected_at: tqDate(i.lastDetectedAt),
    expires_at: tqDate(i.expiresAt),
    expired_at: tqDate(i.expiredAt),
    expires_calculated_at: null,
    published_at: tqDate(i.publishedAt),
    created_at: tqDate(i.createdAt),
    updated_at: tqDate(i.updatedAt),
    touched_at: tqDate(i.touchedAt),
  };
  const w = relations.with;
  if (w.has('type')) {
    const type = indicatorType(i.typeId);
    out.type = { id: i.typeId, name: type?.name ?? null, class: type?.class ?? i.class };
  }
  if (w.has('status')) {
    const status = indicatorStatus(i.statusId);
    out.status = { id: i.statusId, name: status?.name ?? null, description: status?.description ?? null };
  }
  if (w.has('score')) {
    out.score = {
      id: i.id,
      indicator_id: i.id,
      generated_score: scoreText(i.generatedScore),
      manual_score: scoreText(i.manualScore),
      created_at: tqDate(i.createdAt),
      updated_at: tqDate(i.updatedAt),
    };
  }
  if (relations.sources) {
    out.sources = (relations.sources.get(i.id) ?? []).map((s) => ({
      id: s.sourceId,
      name: s.name,
      type: 'other_sources',
      tlp_id: s.tlpId,
      published_at: tqDate(s.publishedAt),
      created_at: tqDate(s.createdAt),
      updated_at: tqDate(s.updatedAt),
      pivot: { id: s.pivotId, source_id: s.sourceId, indicator_id: s.indicatorId, creator_source_id: null },
    }));
  }
  if (relations.attributes) {
    out.attributes = (relations.attributes.get(i.id) ?? []).map((a) => ({
      id: a.id,
      attribute_id: a.attributeId,
      indicator_id: a.indicatorId,
      name: a.name,
      value: a.value,
      attribute: { id: a.attributeId, name: a.name },
      sources: a.sources.map((s) => ({ id: s.id, name: s.name })),
      created_at: tqDate(a.createdAt),
      updated_at: tqDate(a.updatedAt),
      touched_at: tqDate(a.touchedAt),
    }));
  }
  if (relations.tags) {
    out.tags = (relations.tags.get(i.id) ?? []).map((t) => ({
      id: t.id,
      name: t.name,
      pivot: { id: t.pivotId, tag_id: t.id, indicator_id: t.indicatorId },
    }));
  }
  for (const name of EMPTY_RELATIONS) if (w.has(name)) out[name] = relations.linked?.get(name)?.get(i.id) ?? [];
  return out;
}

/**
 * An OAuth client as the management endpoints show it (never the secret, except once on creation).
 * ```ts
 * presentOAuthClient(client);
 * ```
 */
export function presentOAuthClient(c: OAuthClient, secret?: string): Record<string, unknown> {
  return {
    id: c.id,
    client_id: c.id,
    ...(secret !== undefined ? { client_secret: secret } : {}),
    name: c.name,
    user_id: c.userId,
    created_at: tqDate(c.createdAt),
    revoked_at: tqDate(c.revokedAt),
  };
}
