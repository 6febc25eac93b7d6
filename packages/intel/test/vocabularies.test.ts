import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ATTACHMENT_TYPES,
  attachmentType,
  EVENT_TYPES,
  eventType,
  INDICATOR_STATUSES,
  INDICATOR_TYPES,
  indicatorStatus,
  indicatorType,
} from '../src/index.js';

describe('indicator types', () => {
  test('the ThreatQ 4.x list, 34 types, unique names and ids 1..34', () => {
    assert.equal(INDICATOR_TYPES.length, 34);
    assert.deepEqual(INDICATOR_TYPES.map((t) => t.id), Array.from({ length: 34 }, (_, i) => i + 1));
    assert.equal(new Set(INDICATOR_TYPES.map((t) => t.name.toLowerCase())).size, 34);
    for (const name of ['ASN', 'Binary String', 'CIDR Block', 'CVE', 'Email Address', 'Email Attachment', 'Email Subject',
      'File Mapping', 'File Path', 'Filename', 'FQDN', 'Fuzzy Hash', 'GOST Hash', 'Hash ION', 'IP Address', 'IPv6 Address',
      'MAC Address', 'MD5', 'Mutex', 'Password', 'Registry Key', 'Service Name', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512',
      'String', 'x509 Serial', 'x509 Subject', 'URL', 'URL Path', 'User-agent', 'Username', 'X-Mailer']) {
      assert.equal(indicatorType(name)?.name, name, name);
    }
  });

  test('ids match the ones seen in public ThreatQ samples', () => {
    assert.equal(indicatorType('IP Address')?.id, 15);
    assert.equal(indicatorType('MD5')?.id, 18);
    assert.equal(indicatorType('SHA-1')?.id, 23);
    assert.equal(indicatorType('URL')?.id, 30);
  });

  test('classes follow threatqsdk', () => {
    for (const name of ['IP Address', 'URL', 'FQDN', 'Email Address', 'User-agent', 'CIDR Block', 'Email Subject']) {
      assert.equal(indicatorType(name)?.class, 'network', name);
    }
    for (const name of ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'Filename', 'Fuzzy Hash', 'Mutex', 'Registry Key']) {
      assert.equal(indicatorType(name)?.class, 'host', name);
    }
    for (const t of INDICATOR_TYPES) assert.ok(t.class === 'network' || t.class === 'host', t.name);
  });

  test('lookup by id or by name, ignoring case and surrounding spaces', () => {
    assert.deepEqual(indicatorType(' ip address '), { id: 15, name: 'IP Address', class: 'network' });
    assert.equal(indicatorType('sha-256')?.id, 24);
    assert.equal(indicatorType(30)?.name, 'URL');
    for (const bad of ['', 'IP', 'IPAddress', 'unknown', '15']) assert.equal(indicatorType(bad), undefined, bad);
    for (const bad of [0, 35, -1, 1.5, Number.NaN]) assert.equal(indicatorType(bad), undefined, String(bad));
    assert.equal(indicatorType(null as unknown as string), undefined);
  });

  test('the list cannot be changed by a caller', () => {
    assert.throws(() => (INDICATOR_TYPES as IndicatorTypeList).push({ id: 99, name: 'X', class: 'host' }));
    assert.throws(() => {
      (INDICATOR_TYPES[0] as { name: string }).name = 'changed';
    });
    assert.equal(indicatorType(1)?.name, 'ASN');
  });
});

type IndicatorTypeList = Array<{ id: number; name: string; class: 'network' | 'host' }>;

describe('indicator statuses', () => {
  test('ThreatQ ids 1-5 with their descriptions', () => {
    assert.deepEqual(
      INDICATOR_STATUSES.map((s) => [s.id, s.name]),
      [[1, 'Active'], [2, 'Expired'], [3, 'Indirect'], [4, 'Review'], [5, 'Whitelisted']],
    );
    assert.equal(indicatorStatus('Whitelisted')?.description, 'Poses NO risk and should never be deployed.');
    assert.equal(indicatorStatus('active')?.id, 1);
    assert.equal(indicatorStatus(4)?.name, 'Review');
    assert.equal(indicatorStatus(6), undefined);
    assert.equal(indicatorStatus('Deleted'), undefined);
    for (const s of INDICATOR_STATUSES) assert.ok(s.description.length > 0, s.name);
  });
});

describe('event and attachment types', () => {
  test('event types 1-14 as ThreatQ ships them', () => {
    assert.equal(EVENT_TYPES.length, 14);
    assert.deepEqual(EVENT_TYPES[0], { id: 1, name: 'Spearphish' });
    assert.deepEqual(EVENT_TYPES[13], { id: 14, name: 'Sighting' });
    assert.equal(eventType('command and control')?.id, 7);
    assert.equal(eventType(13)?.name, 'Incident');
    assert.equal(eventType(15), undefined);
  });

  test('attachment types 1-24 as ThreatQ ships them', () => {
    assert.equal(ATTACHMENT_TYPES.length, 24);
    assert.deepEqual(ATTACHMENT_TYPES[0], { id: 1, name: 'Cuckoo' });
    assert.equal(attachmentType('Malware Sample')?.id, 14);
    assert.equal(attachmentType('stix')?.id, 21);
    assert.equal(attachmentType(24)?.name, 'Whitepaper');
    assert.equal(attachmentType(25), undefined);
    assert.equal(new Set(ATTACHMENT_TYPES.map((t) => t.name)).size, 24);
  });
});
