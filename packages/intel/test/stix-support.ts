/**
 * Checks of the STIX 2.1 rules on an exported object, shared by the intel and server tests (the latter as
 * `@vigil/intel/testing`, resolved under the tests' `source` condition; not built): JSON Schema
 * (draft 2020-12, Ajv) for the required properties and their types, written after the OASIS schemas
 * (`common/core.json`, `sdos/indicator.json`, `sros/relationship.json`, `observables/*.json`), plus the rules
 * those schemas cannot express (modified ≥ created, id prefix = type, SCO ids from their ID-contributing
 * properties, custom property names) and the pattern grammar through parseStixPattern.
 */
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseStixPattern, scoId, STIX_TIMESTAMP, STIX_TIMESTAMP_MS } from '../src/index.js';

const ID = '^[a-z][a-z0-9-]*[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
const TIMESTAMP = { type: 'string', pattern: STIX_TIMESTAMP.source };
const TIMESTAMP_MS = { type: 'string', pattern: STIX_TIMESTAMP_MS.source };
const CUSTOM = { propertyNames: { pattern: '^(id|type|[a-z0-9_]{3,250})$' } };

const core = {
  type: 'object',
  required: ['type', 'spec_version', 'id'],
  properties: { type: { type: 'string', pattern: '^[a-z0-9-]{3,250}$' }, spec_version: { const: '2.1' }, id: { type: 'string', pattern: ID } },
  ...CUSTOM,
};
const sdo = {
  allOf: [core],
  required: ['created', 'modified'],
  properties: {
    created: TIMESTAMP_MS,
    modified: TIMESTAMP_MS,
    labels: { type: 'array', items: { type: 'string' }, minItems: 1 },
    confidence: { type: 'integer', minimum: 0, maximum: 100 },
    revoked: { type: 'boolean' },
  },
};

const SCHEMAS: Record<string, object> = {
  indicator: {
    allOf: [sdo],
    required: ['pattern', 'pattern_type', 'valid_from'],
    properties: {
      type: { const: 'indicator' },
      name: { type: 'string' },
      description: { type: 'string' },
      pattern: { type: 'string' },
      pattern_type: { type: 'string' },
      pattern_version: { type: 'string' },
      valid_from: TIMESTAMP,
      valid_until: TIMESTAMP,
      indicator_types: { type: 'array', items: { type: 'string' }, minItems: 1 },
    },
  },
  relationship: {
    allOf: [sdo],
    required: ['relationship_type', 'source_ref', 'target_ref'],
    properties: {
      relationship_type: { type: 'string', pattern: '^[a-z0-9-]+$' },
      source_ref: { type: 'string', pattern: ID },
      target_ref: { type: 'string', pattern: ID },
    },
  },
  'threat-actor': {
    allOf: [sdo],
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, description: { type: 'string' }, threat_actor_types: { type: 'array', items: { type: 'string' } } },
  },
  'ipv4-addr': { allOf: [core], required: ['value'], properties: { value: { type: 'string' } } },
  'ipv6-addr': { allOf: [core], required: ['value'], properties: { value: { type: 'string' } } },
  'domain-name': { allOf: [core], required: ['value'], properties: { value: { type: 'string' } } },
  url: { allOf: [core], required: ['value'], properties: { value: { type: 'string', format: 'uri' } } },
  'email-addr': { allOf: [core], required: ['value'], properties: { value: { type: 'string' } } },
  'mac-addr': { allOf: [core], required: ['value'], properties: { value: { type: 'string', pattern: '^([0-9a-f]{2}:){5}[0-9a-f]{2}$' } } },
  mutex: { allOf: [core], required: ['name'], properties: { name: { type: 'string' } } },
  'autonomous-system': { allOf: [core], required: ['number'], properties: { number: { type: 'integer' } } },
  file: {
    allOf: [core],
    anyOf: [{ required: ['hashes'] }, { required: ['name'] }],
    properties: { hashes: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } }, name: { type: 'string' } },
  },
};

const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
(addFormats as unknown as typeof addFormats.default)(ajv);
const validators = Object.fromEntries(Object.entries(SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]));

const ID_CONTRIBUTING: Record<string, string[]> = {
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'domain-name': ['value'],
  url: ['value'],
  'email-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'autonomous-system': ['number'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
};

/** Asserts every STIX 2.1 rule this project can check on one object. */
export function assertStixObject(object: any): void {
  const validate = validators[object.type];
  assert.ok(validate, `no schema for ${object.type}`);
  assert.ok((validate as (data: unknown) => boolean)(object), `${object.id}: ${ajv.errorsText(validate.errors)}`);
  assert.ok(object.id.startsWith(`${object.type}--`), `${object.id} starts with its type`);
  if (object.created !== undefined) assert.ok(object.modified >= object.created, 'modified is not before created');
  const contributing = ID_CONTRIBUTING[object.type];
  if (contributing) {
    const props = Object.fromEntries(contributing.filter((k) => object[k] !== undefined).map((k) => [k, object[k]]));
    assert.equal(object.id, scoId(object.type, props), `${object.type} id from its ID-contributing properties`);
  }
  if (object.type === 'indicator' && object.pattern_type === 'stix') {
    assert.doesNotThrow(() => parseStixPattern(object.pattern), `pattern ${object.pattern}`);
  }
}

/** Asserts a bundle and every object in it; relationship refs must point into the bundle. */
export function assertStixBundle(bundle: any): void {
  assert.equal(bundle.type, 'bundle');
  assert.match(bundle.id, new RegExp(ID));
  assert.ok(bundle.id.startsWith('bundle--'));
  assert.equal(bundle.spec_version, undefined, 'a 2.1 bundle has no spec_version');
  assert.ok(Array.isArray(bundle.objects));
  const ids = new Set(bundle.objects.map((o: any) => o.id));
  assert.equal(ids.size, bundle.objects.length, 'ids are unique in a bundle');
  for (const object of bundle.objects) {
    assertStixObject(object);
    if (object.type === 'relationship') {
      assert.ok(ids.has(object.source_ref) && ids.has(object.target_ref), 'relationship ends are in the bundle');
    }
  }
}

/** An indicator SDO for import tests: id derived from the pattern, 2026-01-01 timestamps, `extra` on top. */
export function indicatorSdo(pattern: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: scoId('indicator', { pattern }),
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    pattern,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    ...extra,
  };
}
