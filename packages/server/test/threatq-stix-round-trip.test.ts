/**
 * GET /api/export/stix → delete everything → POST /api/import/stix gives back the same library, on both
 * databases: one indicator of every type of the vocabulary (and the awkward values of some), with status,
 * description and dates, and the adversaries with their indicator relations. The same through TAXII's
 * POST objects, which reads each object with the same code.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { INDICATOR_TYPES } from '@vigil/intel';
import { assertStixBundle } from '@vigil/intel/testing';
import { startThreatq, type ThreatqServer, type TqResponse } from './threatq-support.js';

/** One value per type, and more for the types whose export has several forms. */
const VALUES: Array<[string, string]> = [
  ['ASN', 'AS15169'],
  ['Binary String', 'MZ\u0090\u0003'],
  ['CIDR Block', '198.51.100.0/24'],
  ['CIDR Block', '2001:db8::/32'],
  ['CVE', 'CVE-2021-44228'],
  ['Email Address', 'mallory@evil.example'],
  ['Email Attachment', 'invoice.pdf.exe'],
  ['Email Subject', "Your invoice: it's \\ overdue"],
  ['File Mapping', 'evil.dll -> C:\\Windows\\System32'],
  ['File Path', 'C:\\Windows\\evil.exe'],
  ['File Path', 'C:\\evil.exe'],
  ['File Path', '/tmp/x'],
  ['File Path', '/x'],
  ['File Path', '/var/tmp/'],
  ['File Path', 'evil.exe'],
  ['File Path', 'C:\\tmp/evil.exe'],
  ['Filename', 'invoice.zip'],
  ['FQDN', 'evil.example'],
  ['Fuzzy Hash', '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C'],
  ['Fuzzy Hash', 'T1A2B3C4D5E6F'],
  ['GOST Hash', 'ab'.repeat(32)],
  ['Hash ION', 'ion-1234'],
  ['IP Address', '198.51.100.3'],
  ['IPv6 Address', '2001:db8::1'],
  ['MAC Address', '00:11:22:33:44:55'],
  ['MD5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['Mutex', 'Global\\EvilMutex'],
  ['Password', "hunter2'"],
  ['Registry Key', 'HKLM\\Software\\Evil'],
  ['Service Name', 'EvilSvc'],
  ['SHA-1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['SHA-256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['SHA-384', 'a'.repeat(96)],
  ['SHA-512', 'b'.repeat(128)],
  ['String', 'some string'],
  ['x509 Serial', '01:02:03'],
  ['x509 Subject', 'CN=evil.example'],
  ['URL', 'http://evil.example/a?b=c'],
  ['URL Path', '/wp-admin/evil.php'],
  ['User-agent', 'Mozilla/5.0 (Evil)'],
  ['Username', 'root'],
  ['X-Mailer', 'EvilMailer 1.0'],
];
const STATUSES = ['Active', 'Review', 'Whitelisted', 'Indirect'];
const TAXII = 'application/taxii+json;version=2.1';

/** The library as a comparable value: indicators by type and value, adversaries by name with their indicators. */
async function snapshot(t: ThreatqServer, token: string) {
  const list = await t.tq('GET', '/api/indicators?limit=500&with=type,status', { token });
  assert.equal(list.status, 200, list.text);
  const indicators = list.json.data
    .map((i: any) => ({ type: i.type.name, value: i.value, status: i.status.name, description: i.description, published_at: i.published_at, expires_at: i.expires_at }))
    .sort((a: any, b: any) => `${a.type} ${a.value}`.localeCompare(`${b.type} ${b.value}`));
  const adversaries = [];
  for (const a of (await t.tq('GET', '/api/adversaries?limit=100', { token })).json.data) {
    const linked = await t.tq('GET', `/api/adversaries/${a.id}/indicators?limit=100`, { token });
    assert.equal(linked.status, 200, linked.text);
    adversaries.push({ name: a.name, description: a.description, indicators: linked.json.data.map((i: any) => i.value).sort() });
  }
  return { indicators, adversaries: adversaries.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Seeds one indicator of every type and two adversaries related to some of them. */
async function seed(t: ThreatqServer, token: string): Promise<Map<string, number>> {
  assert.deepEqual(new Set(VALUES.map(([type]) => type)), new Set(INDICATOR_TYPES.map((t) => t.name)), 'every type of the vocabulary');
  const seeded = await t.tq('POST', '/api/indicators', {
    token,
    json: VALUES.map(([type, value], k) => ({
      type,
      value,
      status: STATUSES[k % STATUSES.length],
      description: k % 2 === 0 ? `about ${type}` : undefined,
      published_at: `2026-0${1 + (k % 9)}-1${k % 10} 08:30:00`,
      ...(k % 3 === 0 ? { expires_at: '2030-01-01 00:00:00' } : {}),
    })),
  });
  assert.equal(seeded.status, 201, seeded.text);
  const ids = new Map<string, number>(seeded.json.data.map((i: any) => [i.value, i.id]));
  assert.equal(ids.size, VALUES.length);
  for (const [name, values] of [
    ['Fancy Example', ['198.51.100.3', 'C:\\Windows\\evil.exe', 'Mozilla/5.0 (Evil)']],
    ['Quiet Example', ['EvilSvc', 'CVE-2021-44228', '198.51.100.3']],
  ] as const) {
    const adversary = await t.tq('POST', '/api/adversaries', { token, json: { name, description: `${name} does things` } });
    assert.equal(adversary.status, 201, adversary.text);
    const linked = await t.tq('POST', `/api/adversaries/${adversary.json.data.id}/indicators`, { token, json: values.map((v) => ({ id: ids.get(v) })) });
    assert.equal(linked.status, 201, linked.text);
  }
  return ids;
}

/** Exports the library as STIX, then deletes every indicator and adversary. */
async function exportAndDelete(t: ThreatqServer, token: string, ids: Map<string, number>): Promise<any> {
  const exported = await t.tq('GET', '/api/export/stix', { token });
  assert.equal(exported.status, 200, exported.text);
  assertStixBundle(exported.json);
  assert.equal(exported.json.objects.filter((o: any) => o.type === 'indicator').length, VALUES.length, 'one SDO per indicator');
  for (const id of ids.values()) assert.equal((await t.tq('DELETE', `/api/indicators/${id}`, { token })).status, 204);
  for (const a of (await t.tq('GET', '/api/adversaries', { token })).json.data) assert.equal((await t.tq('DELETE', `/api/adversaries/${a.id}`, { token })).status, 204);
  const empty = await snapshot(t, token);
  assert.deepEqual([empty.indicators.length, empty.adversaries.length], [0, 0]);
  return exported.json;
}

/** The ids of the based-on relationships between SDOs and their SCOs: the only objects not imported. */
function basedOnIds(bundle: any): Set<string> {
  const ids = new Set<string>(bundle.objects.filter((o: any) => o.relationship_type === 'based-on').map((o: any) => o.id));
  assert.ok(ids.size > 0);
  return ids;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: STIX export → delete → import round trip`, () => {
    let t: ThreatqServer;
    let token: string;
    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
    });
    after(() => t.close());

    it('gives back every indicator type, status, description and dates, and the adversaries with their relations', async () => {
      const ids = await seed(t, token);
      const before = await snapshot(t, token);
      const bundle = await exportAndDelete(t, token, ids);

      const imported: TqResponse = await t.tq('POST', '/api/import/stix', { token, json: bundle });
      assert.equal(imported.status, 201, imported.text);
      assert.equal(imported.json.total, VALUES.length);
      assert.deepEqual(imported.json.adversaries.map((a: any) => a.name).sort(), ['Fancy Example', 'Quiet Example']);
      const basedOn = basedOnIds(bundle);
      assert.deepEqual(imported.json.skipped.filter((s: any) => !basedOn.has(s.id)), []);
      assert.deepEqual(await snapshot(t, token), before);
    });

    it('does the same through TAXII POST objects', async () => {
      const before = await snapshot(t, token);
      const ids = new Map<string, number>((await t.tq('GET', '/api/indicators?limit=500', { token })).json.data.map((i: any) => [i.value, i.id]));
      const bundle = await exportAndDelete(t, token, ids);
      const collection = await t.tq('POST', '/api/taxii/collections', { token, json: { title: 'Restore', can_write: true } });
      assert.equal(collection.status, 201, collection.text);
      const res = await fetch(`${t.server.url}/taxii2/${t.server.creds.orgId}/collections/${collection.json.data.id}/objects/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, accept: TAXII, 'content-type': TAXII },
        body: JSON.stringify({ objects: bundle.objects }),
      });
      const status: any = await res.json();
      assert.equal(res.status, 202, JSON.stringify(status));
      const basedOn = basedOnIds(bundle);
      assert.deepEqual(status.failures.filter((f: any) => !basedOn.has(f.id)), []);
      assert.equal(status.success_count, bundle.objects.length - basedOn.size);
      assert.deepEqual(await snapshot(t, token), before);
    });
  });
}
