/**
 * STIX 2.1: deterministic ids, timestamps, the pattern parser, indicator SDOs/SCOs/relationships and bundle import.
 * @module
 */
export { canonicalJson, SCO_NAMESPACE, scoId, STIX_ID, uuidV5, VIGIL_NAMESPACE, vigilId } from './ids.js';
export { readStixBundle, StixImportError, type BundleImport, type ImportAdversary, type ImportCandidate, type ImportRelationship } from './import.js';
export {
  indicatorObject,
  indicatorObjects,
  indicatorStixId,
  relationshipObject,
  stixBundle,
  threatActorObject,
  type StixAdversaryInput,
  type StixBundle,
  type StixIndicatorInput,
  type StixObject,
} from './objects.js';
export { candidateFromComparison, candidatesFromObservable, filePathFromComparisons, observableFor, type IndicatorCandidate, type StixObservable } from './observables.js';
export { MAX_PATTERN_DEPTH, parseStixPattern, StixPatternError, type ParsedPattern, type StixComparison, type StixLiteral } from './pattern-parser.js';
export { parseStixTimestamp, STIX_TIMESTAMP, STIX_TIMESTAMP_MS, stixTimestamp } from './timestamps.js';
