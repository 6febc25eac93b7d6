/**
 * Vigil's threat-library vocabulary (ThreatQ-compatible indicator types, statuses, event and attachment
 * types) and indicator value handling: normalization per type, type detection, free-text extraction,
 * generated scores, the per-indicator hash and STIX 2.1 patterns. Pure functions, no I/O.
 * @module
 */
export {
  classifyAddress,
  isPublicAddress,
  SPECIAL_RANGES,
  type AddressClass,
  type AddressScope,
  type SpecialRange,
} from './address-class.js';
export { ATTACHMENT_TYPES, attachmentType, type AttachmentType } from './attachment-types.js';
export { detectIndicatorType } from './detect.js';
export { EVENT_TYPES, eventType, type EventType } from './event-types.js';
export { extractIndicators, type ExtractedIndicator } from './extract.js';
export { indicatorHash } from './hash.js';
export { cidrContains, parseCidr, parseIp, type Cidr, type IpAddress } from './ip.js';
export { INDICATOR_STATUSES, indicatorStatus, type IndicatorStatus } from './indicator-statuses.js';
export { INDICATOR_TYPES, indicatorType, type IndicatorClass, type IndicatorType } from './indicator-types.js';
export { MAX_INDICATOR_VALUE_LENGTH } from './limits.js';
export { normalizeIndicatorValue } from './normalize.js';
export type { Normalized } from './normalized.js';
export { isDefanged, refang } from './refang.js';
export { generatedScore, MAX_SCORE, MIN_SCORE, TYPE_WEIGHTS, type ScoreInput } from './score.js';
export { customObjectPath, stixPattern, stixString } from './stix-pattern.js';
export * from './stix/index.js';
export { isKnownTld } from './tlds.js';
