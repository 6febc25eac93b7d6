/**
 * Which event fields each rule type may group alerts by (`aggregateFields`), as Threat Stack accepts
 * them per rule type.
 * @module
 */

import type { RuleType } from './vocabulary.js';

/**
 * Allowed `aggregateFields` per rule type. Host and File are Threat Stack's vocabularies; ThreatIntel
 * has Threat Stack's four (`threatintel_source`, `threatintel_reason`, `threatintel_type`, `ip`) plus
 * the connection and host fields an indicator match carries.
 *
 * ```ts
 * AGGREGATE_FIELDS.File.includes('filename'); // true
 * ```
 */
export const AGGREGATE_FIELDS: Readonly<Record<RuleType, readonly string[]>> = Object.freeze({
  Host: Object.freeze([
    'exe',
    'user',
    'arguments',
    'ip',
    'port',
    'command',
    'session',
    'src_ip',
    'dst_ip',
    'src_user',
    'dst_user',
    'filename',
    'cloudProvider',
    'accountId',
    'availabilityZone',
    'hostname',
  ]),
  File: Object.freeze([
    'command',
    'filename',
    'user',
    'exe',
    'arguments',
    'session',
    'src_user',
    'dst_user',
    'cloudProvider',
    'accountId',
    'availabilityZone',
    'hostname',
  ]),
  ThreatIntel: Object.freeze([
    'threatintel_source',
    'threatintel_reason',
    'threatintel_type',
    'ip',
    'src_ip',
    'dst_ip',
    'dst_port',
    'exe',
    'hostname',
    'cloudProvider',
    'accountId',
    'availabilityZone',
  ]),
  Vulnerability: Object.freeze(['cve', 'advisory_id', 'severity', 'package', 'source_package', 'hostname', 'agentId']),
});
