/**
 * STIX 2.1 ids, timestamps, indicator SDOs, observables, relationships and bundle import, checked against
 * the spec's rules (stix-support.ts) and the test vectors of reference §3.2.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalJson,
  indicatorHash,
  indicatorObject,
  indicatorObjects,
  INDICATOR_TYPES,
  normalizeIndicatorValue,
  observableFor,
  readStixBundle,
  scoId,
  StixImportError,
  relationshipObject,
  stixBundle,
  stixTimestamp,
  threatActorObject,
  uuidV5,
  vigilId,
  type StixIndicatorInput,
} from '../src/index.js';
import { assertStixBundle, assertStixObject, indicatorSdo as indicator } from './stix-support.js';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0, 7);

function input(typeName: string, raw: string, extra: Partial<StixIndicatorInput> = {}): StixIndicatorInput {
  const n = normalizeIndicatorValue(typeName, raw);
  assert.ok(n.ok, `${typeName} ${raw}`);
  return {
    orgId: 'org1',
    hash: indicatorHash(typeName, n.value),
    typeName,
    statusName: 'Active',
    value: n.value,
    description: null,
    score: 7.5,
    createdAt: T0,
    updatedAt: T0 + 1000,
    publishedAt: null,
    expiresAt: null,
    expiredAt: null,
    ...extra,
  };
}

const SAMPLES: Array<[string, string]> = [
  ['IP Address', '198.51.100.3'],
  ['IPv6 Address', '2001:db8::1'],
  ['CIDR Block', '198.51.100.0/24'],
  ['FQDN', 'example.com'],
  ['URL', 'http://example.com/a?b=1'],
  ['Email Address', 'bad@example.com'],
  ['MAC Address', '00:11:22:33:44:55'],
  ['MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['SHA-1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['SHA-256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['Filename', "o'brien.exe"],
  ['Mutex', 'Global\\evil'],
  ['ASN', 'AS64500'],
  ['File Path', 'C:\\Windows\\evil.dll'],
  ['Registry Key', 'HKLM\\Software\\Evil'],
];

describe('STIX ids', () => {
  it('matches the SCO and indicator test vectors of reference §3.2', () => {
    assert.equal(scoId('ipv4-addr', { value: '198.51.100.3' }), 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    assert.equal(scoId('domain-name', { value: 'example.com' }), 'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7');
    assert.equal(scoId('url', { value: 'http://example.com/' }), 'url--3013563b-9e18-5ef6-917a-204463f5f419');
    assert.equal(scoId('indicator', { pattern: "[ipv4-addr:value = '198.51.100.3']" }), 'indicator--ed995101-8e77-5431-836d-feb4296682d4');
  });

  it('builds RFC 4122 version 5 UUIDs (RFC 4122 appendix: python uuid5(NAMESPACE_DNS, "python.org"))', () => {
    assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('canonicalizes per RFC 8785: sorted keys, no whitespace, nested objects', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 'x', c: [2, 'é'] } }), '{"a":{"c":[2,"é"],"d":"x"},"b":1}');
    assert.equal(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3 }), '{"\\r":2,"1":3,"€":1}');
  });

  it('gives each organization its own, stable SDO ids', () => {
    assert.equal(vigilId('indicator', 'org1', 'h'), vigilId('indicator', 'org1', 'h'));
    assert.notEqual(vigilId('indicator', 'org1', 'h'), vigilId('indicator', 'org2', 'h'));
    assert.notEqual(vigilId('indicator', 'org1', 'h'), vigilId('indicator', 'org1', 'i'));
  });
});

describe('STIX timestamps', () => {
  it('are RFC 3339 UTC with a Z and exactly millisecond precision', () => {
    assert.equal(stixTimestamp(T0), '2026-11-25T15:00:00.007Z');
    assert.equal(stixTimestamp(0), '1970-01-01T00:00:00.000Z');
  });
});

describe('indicator SDOs, observables and relationships', () => {
  it('follows the spec for every indicator type with a pattern', () => {
    for (const [type, value] of SAMPLES) {
      const objects = indicatorObjects(input(type, value));
      assert.ok(objects.length >= 1, type);
      for (const object of objects) assertStixObject(object);
      const [indicator] = objects;
      assert.equal(indicator!.type, 'indicator');
      assert.equal(indicator!.pattern_type, 'stix');
      assert.equal(indicator!.confidence, 75);
      assert.equal(indicator!.valid_from, stixTimestamp(T0));
      assert.equal(indicator!.created, stixTimestamp(T0));
      assert.equal(indicator!.modified, stixTimestamp(T0 + 1000));
    }
  });

  it('links the indicator to the SCO it is based on', () => {
    const [indicator, observable, relationship] = indicatorObjects(input('IP Address', '198.51.100.3'));
    assert.equal(observable!.id, 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    assert.equal(relationship!.relationship_type, 'based-on');
    assert.equal(relationship!.source_ref, indicator!.id);
    assert.equal(relationship!.target_ref, observable!.id);
    assertStixBundle(stixBundle([indicator!, observable!, relationship!]));
  });

  it('maps status, tags, description and expiry', () => {
    const whitelisted = indicatorObject(input('FQDN', 'good.example', { statusName: 'Whitelisted', tags: ['apt', 'c2'], description: 'd', publishedAt: T0 - 5000, expiresAt: T0 + 86_400_000 }))!;
    assert.deepEqual(whitelisted.indicator_types, ['benign']);
    assert.deepEqual(whitelisted.labels, ['whitelisted', 'apt', 'c2']);
    assert.equal(whitelisted.description, 'd');
    assert.equal(whitelisted.valid_from, stixTimestamp(T0 - 5000));
    assert.equal(whitelisted.valid_until, stixTimestamp(T0 + 86_400_000));
    const expired = indicatorObject(input('FQDN', 'old.example', { expiredAt: T0 - 10_000, expiresAt: T0 - 10_000 }))!;
    assert.equal(expired.valid_until, undefined, 'valid_until must be after valid_from');
    assertStixObject(whitelisted);
  });

  it('maps adversaries to threat-actors with stable ids, related by indicates', () => {
    const actor = threatActorObject({ orgId: 'org1', id: 7, name: 'Fancy Example', description: null, createdAt: T0, updatedAt: T0 });
    assertStixObject(actor);
    assert.equal(actor.description, undefined);
    assert.equal(threatActorObject({ orgId: 'org1', id: 7, name: 'Renamed', description: 'd', createdAt: T0, updatedAt: T0 + 1 }).id, actor.id, 'a rename keeps the id');
    const [indicator] = indicatorObjects(input('FQDN', 'example.com'));
    const rel = relationshipObject('org1', indicator!.id, 'indicates', actor.id, T0, T0 + 5);
    assertStixBundle(stixBundle([indicator!, actor, rel]));
    assert.equal(rel.modified, stixTimestamp(T0 + 5));
  });

  it('gives types without an observable an SDO on Vigil\'s custom object, and no SCO', () => {
    const objects = indicatorObjects(input('CVE', 'CVE-2021-44228'));
    assert.deepEqual(objects.map((o) => [o.type, o.pattern]), [['indicator', "[x-vigil-cve:value = 'CVE-2021-44228']"]]);
    assert.equal(observableFor('SHA-384', 'a'.repeat(96)), undefined);
  });

  it('gives every indicator type a valid SDO', () => {
    for (const type of INDICATOR_TYPES) {
      const object = indicatorObject({ ...input('FQDN', 'x.example'), typeName: type.name });
      assert.ok(object, type.name);
      assertStixObject(object);
    }
  });
});

describe('STIX bundle import', () => {
  const bundle = (objects: unknown[]) => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });

  it('reads equality patterns (joined by OR) and SCOs; skips the rest with a reason', () => {
    const result = readStixBundle(
      bundle([
        indicator("[ipv4-addr:value = '198.51.100.3']", { valid_until: '2027-01-01T00:00:00Z', description: 'c2' }),
        indicator("[domain-name:value = 'a.example' OR url:value = 'http://b.example/']"),
        indicator("[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"),
        indicator('[autonomous-system:number = 64500]'),
        indicator("[ipv4-addr:value = '198.51.100.0/24']"),
        indicator("[domain-name:value LIKE '%.example']"),
        indicator("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'c.example']"),
        indicator('alert tcp any any', { pattern_type: 'snort' }),
        { type: 'file', spec_version: '2.1', id: 'file--5d0092c5-5f74-4287-9642-33f4c354e56d', hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e' }, name: 'x.exe' },
        { type: 'malware', spec_version: '2.1', id: 'malware--5d0092c5-5f74-4287-9642-33f4c354e56d', name: 'm', is_family: true },
      ]),
    );
    assert.deepEqual(
      result.candidates.map((c) => [c.type, c.value]),
      [
        ['IP Address', '198.51.100.3'],
        ['FQDN', 'a.example'],
        ['URL', 'http://b.example/'],
        ['SHA-256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
        ['ASN', 'AS64500'],
        ['CIDR Block', '198.51.100.0/24'],
        ['MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
        ['Filename', 'x.exe'],
      ],
    );
    assert.equal(result.candidates[0]!.description, 'c2');
    assert.equal(result.candidates[0]!.expiresAt, Date.UTC(2027, 0, 1));
    assert.equal(result.skipped.length, 4);
    assert.ok(result.skipped.every((s) => typeof s.reason === 'string' && s.id.includes('--')));
  });

  it('refuses malformed bundles, objects and patterns with the path', () => {
    const cases: Array<[unknown, string]> = [
      [[], '(root)'],
      [{ type: 'bundle', id: 'nope', objects: [] }, 'id'],
      [{ ...bundle([]), objects: {} }, 'objects'],
      [bundle([42]), 'objects[0]'],
      [bundle([{ type: 'indicator', id: 'indicator--x' }]), 'objects[0].id'],
      [bundle([{ ...indicator('[x:y = 1]'), pattern: undefined }]), 'objects[0].pattern'],
      [bundle([indicator('[ipv4-addr:value = 1.2.3.4]')]), 'objects[0].pattern'],
      [bundle([indicator("[ipv4-addr:value = '1.2.3.4'")]), 'objects[0].pattern'],
      [bundle([indicator("[ipv4-addr:value = '1']", { valid_from: '2026-01-01 00:00:00' })]), 'objects[0].valid_from'],
      [bundle([indicator("[ipv4-addr:value = '1']", { valid_until: 7 })]), 'objects[0].valid_until'],
    ];
    for (const [value, path] of cases) {
      assert.throws(() => readStixBundle(value), (err: unknown) => err instanceof StixImportError && err.path === path, path);
    }
  });
});
