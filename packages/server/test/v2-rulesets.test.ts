import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { hawkRequest, startTestServer, type RequestOptions, type TestServer } from './helpers/test-server.js';
import { agentFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';

const RULESET_KEYS = ['id', 'name', 'description', 'createdAt', 'updatedAt', 'rules'];
const RULE_KEYS = [
  'id', 'rulesetId', 'name', 'type', 'createdAt', 'updatedAt', 'title', 'severityOfAlerts', 'alertDescription',
  'aggregateFields', 'filter', 'window', 'threshold', 'suppressions', 'enabled',
];
const FILE_KEYS = [...RULE_KEYS, 'fileIntegrityPaths', 'ignoreFiles', 'eventsToMonitor'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A Host rule exactly as the Go SDK (`HostRule`, used by the Terraform provider) marshals it. */
function goHostRule(over: Record<string, unknown> = {}) {
  return {
    name: 'Curl download',
    type: 'Host',
    title: 'curl run by {{user}}',
    severityOfAlerts: 2,
    alertDescription: 'A download tool ran on a server',
    aggregateFields: ['user', 'exe'],
    filter: 'event_type = "audit" and command = "curl"',
    window: 3600,
    threshold: 1,
    suppressions: ['user = "deploy"'],
    enabled: true,
    ...over,
  };
}

/** A File rule as the Go SDK (`FileRule`) marshals it: `ignoreFiles` is omitempty. */
function goFileRule(over: Record<string, unknown> = {}) {
  return {
    name: 'Passwd changes',
    type: 'File',
    title: '{{filename}} changed',
    severityOfAlerts: 1,
    alertDescription: 'Account database modified',
    aggregateFields: ['filename', 'user'],
    window: 86400,
    threshold: 1,
    fileIntegrityPaths: [{ path: '/etc/passwd', recursive: false }, { path: '/etc/ssh', recursive: true }],
    eventsToMonitor: ['modify', 'delete'],
    enabled: false,
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`REST v2 rulesets and rules (${dialect})`, () => {
    let server: TestServer;
    let orgId: string;
    let n = 0;
    const unique = (prefix: string) => `${prefix} ${++n}`;

    before(async () => {
      // These tests make far more than the default 200 requests a minute; rate limits have their own tests.
      server = await startTestServer(dialect, { config: { rateLimit: { perOrg: 100_000, perIp: 100_000, lockoutSeconds: 900 } } });
      orgId = server.creds.orgId;
    });
    after(() => server.close());

    const req = (method: string, path: string, options?: RequestOptions) => server.request(method, path, options);
    async function ok(method: string, path: string, body?: unknown) {
      const res = await req(method, path, body === undefined ? {} : { body });
      assert.equal(res.status, 200, `${method} ${path} → ${res.status} ${res.text}`);
      return res.json;
    }
    async function newRuleset(name = unique('Set')) {
      return ok('POST', '/v2/rulesets', { name, description: '', ruleIds: [] });
    }
    async function newRule(rulesetId: string, over: Record<string, unknown> = {}) {
      return ok('POST', `/v2/rulesets/${rulesetId}/rules`, goHostRule({ name: unique('Rule'), ...over }));
    }
    /** Everything the API shows about a ruleset, to prove a refused request changed nothing. */
    async function snapshot(rulesetId: string) {
      const ruleset = await ok('GET', `/v2/rulesets/${rulesetId}`);
      const rules = await ok('GET', `/v2/rulesets/${rulesetId}/rules`);
      return { ruleset, rules };
    }

    it('serves the Terraform provider / Go SDK flow', async () => {
      // Go's json.Encoder ends the body with a newline; the Hawk payload hash covers it.
      const goPost = (path: string, body: unknown) => req('POST', path, { rawBody: `${JSON.stringify(body)}\n` });
      const created = await goPost('/v2/rulesets', { name: 'TF Ruleset', description: 'managed by terraform', ruleIds: [] });
      assert.equal(created.status, 200, created.text);
      const rs = created.json;
      assert.deepEqual(Object.keys(rs), RULESET_KEYS);
      assert.equal(rs.name, 'TF Ruleset');
      assert.equal(rs.description, 'managed by terraform');
      assert.deepEqual(rs.rules, []);
      assert.match(rs.createdAt, ISO);
      assert.equal(rs.updatedAt, rs.createdAt);

      const hostRes = await goPost(`/v2/rulesets/${rs.id}/rules`, goHostRule());
      assert.equal(hostRes.status, 200, hostRes.text);
      const host = hostRes.json;
      assert.deepEqual(Object.keys(host), RULE_KEYS);
      assert.deepEqual({ ...host, id: 'x', createdAt: 'x', updatedAt: 'x' }, {
        ...goHostRule(), id: 'x', rulesetId: rs.id, createdAt: 'x', updatedAt: 'x',
      });
      assert.match(host.createdAt, ISO);

      const fileRes = await goPost(`/v2/rulesets/${rs.id}/rules`, goFileRule());
      assert.equal(fileRes.status, 200, fileRes.text);
      const file = fileRes.json;
      assert.deepEqual(Object.keys(file), FILE_KEYS);
      assert.equal(file.filter, '');
      assert.deepEqual(file.ignoreFiles, []);
      assert.deepEqual(file.eventsToMonitor, ['modify', 'delete']);
      assert.deepEqual(file.fileIntegrityPaths, goFileRule().fileIntegrityPaths);
      assert.equal(file.enabled, false);

      // ApplyTags posts the TagSet; the answer echoes it.
      const tags = { inclusion: [{ source: 'ec2', key: 'Environment', value: 'production' }], exclusion: [] };
      const applied = await goPost(`/v2/rules/${host.id}/tags`, tags);
      assert.equal(applied.status, 200, applied.text);
      assert.deepEqual(applied.json, tags);
      assert.deepEqual(await ok('GET', `/v2/rules/${host.id}/tags`), tags);
      assert.deepEqual(await ok('GET', `/v2/rules/${file.id}/tags`), { inclusion: [], exclusion: [] });

      assert.deepEqual(await ok('GET', `/v2/rulesets/${rs.id}/rules/${host.id}`), host);
      const list = await ok('GET', `/v2/rulesets/${rs.id}/rules`);
      assert.deepEqual(Object.keys(list), ['rules', 'token']);
      assert.deepEqual(list, { rules: [host, file], token: null });
      const got = await ok('GET', `/v2/rulesets/${rs.id}`);
      assert.deepEqual(got.rules, [host.id, file.id]);

      // The SDK reads `ruleIds` from a GET (where the key is `rules`), so its update sends null: unchanged.
      const updated = await req('PUT', `/v2/rulesets/${rs.id}`, {
        rawBody: `${JSON.stringify({ id: rs.id, name: 'TF Ruleset 2', description: 'renamed', ruleIds: null })}\n`,
      });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.json.name, 'TF Ruleset 2');
      assert.deepEqual(updated.json.rules, [host.id, file.id]);
      assert.ok(updated.json.updatedAt >= rs.updatedAt);
      assert.equal(updated.json.createdAt, rs.createdAt);

      const put = await ok('PUT', `/v2/rulesets/${rs.id}/rules/${host.id}`, goHostRule({ threshold: 5, window: 600 }));
      assert.equal(put.threshold, 5);
      assert.equal(put.window, 600);
      assert.deepEqual(await ok('GET', `/v2/rules/${host.id}/tags`), tags, 'a rule update keeps its tags');

      const listed = await ok('GET', '/v2/rulesets');
      assert.deepEqual(Object.keys(listed), ['rulesets', 'token']);
      assert.equal(listed.token, null);
      assert.deepEqual(listed.rulesets.find((r: any) => r.id === rs.id), await ok('GET', `/v2/rulesets/${rs.id}`));

      assert.deepEqual(await ok('DELETE', `/v2/rulesets/${rs.id}/rules/${file.id}`), {});
      assert.equal((await req('GET', `/v2/rulesets/${rs.id}/rules/${file.id}`)).status, 404);
      assert.deepEqual(await ok('DELETE', `/v2/rulesets/${rs.id}`), {});
      assert.equal((await req('GET', `/v2/rulesets/${rs.id}`)).status, 404);
      assert.equal((await req('GET', `/v2/rulesets/${rs.id}/rules`)).status, 404);
      assert.equal(await server.store.rulesets.getRule(orgId, host.id), undefined, 'its rules are gone too');
      assert.equal((await req('GET', `/v2/rules/${host.id}/tags`)).status, 404);
    });

    it('serves the tsctl flow: full objects echoed back, ruleIds renamed from rules', async () => {
      const a = await newRuleset();
      const b = await newRuleset();
      const a1 = await newRule(a.id);
      const a2 = await newRule(a.id);
      const b1 = await newRule(b.id);

      // tsctl PUTs the rule it read, with read-only fields still in it.
      const edited = { ...a1, title: 'edited by tsctl', severityOfAlerts: 3 };
      const put = await ok('PUT', `/v2/rulesets/${a.id}/rules/${a1.id}`, edited);
      assert.equal(put.id, a1.id);
      assert.equal(put.rulesetId, a.id);
      assert.equal(put.title, 'edited by tsctl');
      assert.equal(put.severityOfAlerts, 3);
      assert.equal(put.createdAt, a1.createdAt);
      assert.ok(put.updatedAt >= a1.updatedAt);
      // An echoed rulesetId of another ruleset does not move the rule.
      const echoed = await ok('PUT', `/v2/rulesets/${a.id}/rules/${a1.id}`, { ...put, rulesetId: b.id });
      assert.equal(echoed.rulesetId, a.id);

      // tsctl renames `rules` to `ruleIds`; listing b1 moves it in, leaving a2 out deletes it.
      const got = await ok('GET', `/v2/rulesets/${a.id}`);
      const { rules, ...rest } = got;
      const moved = await ok('PUT', `/v2/rulesets/${a.id}`, { ...rest, ruleIds: [rules[0], b1.id] });
      assert.deepEqual(moved.rules, [a1.id, b1.id]);
      assert.equal((await ok('GET', `/v2/rulesets/${a.id}/rules/${b1.id}`)).rulesetId, a.id);
      assert.deepEqual((await ok('GET', `/v2/rulesets/${b.id}`)).rules, []);
      assert.equal((await req('GET', `/v2/rulesets/${a.id}/rules/${a2.id}`)).status, 404);
      assert.equal((await req('GET', `/v2/rulesets/${b.id}/rules/${b1.id}`)).status, 404, 'addressed through its old ruleset');
      // An echoed GET object (`rules` key) also works as is.
      const echoedSet = await ok('PUT', `/v2/rulesets/${a.id}`, await ok('GET', `/v2/rulesets/${a.id}`));
      assert.deepEqual(echoedSet.rules, [a1.id, b1.id]);
      const cleared = await ok('PUT', `/v2/rulesets/${a.id}`, { name: a.name, description: 'x', ruleIds: [] });
      assert.deepEqual(cleared.rules, []);
      assert.equal(cleared.description, 'x');
    });

    it('accepts the official example and the other spellings clients send', async () => {
      const rs = await newRuleset();
      const lower = await ok('POST', `/v2/rulesets/${rs.id}/rules`, {
        name: 'example', type: 'host', title: 'sudo', severityOfAlerts: 1, alertDescription: 'sudo ran',
        aggregateFields: ['user'], filter: "command = 'sudo'", window: 3600, threshold: 1, suppressions: [], enabled: true,
      });
      assert.equal(lower.type, 'Host');
      const stringSeverity = await newRule(rs.id, { severityOfAlerts: '2' });
      assert.equal(stringSeverity.severityOfAlerts, 2);
      const minimal = await ok('POST', `/v2/rulesets/${rs.id}/rules`, {
        name: 'minimal', type: 'HOST', title: 't', severityOfAlerts: 3, alertDescription: 'd', filter: 'command = "nc"',
      });
      assert.deepEqual(
        [minimal.window, minimal.threshold, minimal.enabled, minimal.aggregateFields, minimal.suppressions],
        [3600, 1, true, [], []],
      );
      // Python clients send None for what they leave out.
      const nulls = await newRule(rs.id, { window: null, threshold: null, enabled: null, aggregateFields: null, suppressions: null });
      assert.deepEqual([nulls.window, nulls.threshold, nulls.enabled, nulls.aggregateFields, nulls.suppressions], [3600, 1, true, [], []]);
      const file = await ok('POST', `/v2/rulesets/${rs.id}/rules`, goFileRule({ type: 'file', eventsToMonitor: null, fileIntegrityPaths: [{ path: '/etc/passwd', recursive: null }], ignoreFiles: ['/etc/ssh/moduli'] }));
      assert.equal(file.type, 'File');
      assert.deepEqual(file.eventsToMonitor, ['ALL']);
      assert.deepEqual(file.ignoreFiles, ['/etc/ssh/moduli']);
      assert.deepEqual(file.fileIntegrityPaths, [{ path: '/etc/passwd', recursive: false }]);
      const events = await ok('POST', `/v2/rulesets/${rs.id}/rules`, goFileRule({ eventsToMonitor: ['MODIFY', 'all', 'Attrib', 'open'] }));
      assert.deepEqual(events.eventsToMonitor, ['modify', 'ALL', 'attrib', 'open']);
      const intel = await ok('POST', `/v2/rulesets/${rs.id}/rules`, {
        name: 'intel', type: 'threatintel', title: 'bad ip', severityOfAlerts: 1, alertDescription: 'known bad', aggregateFields: ['threatintel_source', 'ip'],
      });
      assert.equal(intel.type, 'ThreatIntel');
      assert.equal('fileIntegrityPaths' in intel, false);
      // File details sent for a Host rule are ignored rather than refused.
      const hostWithPaths = await newRule(rs.id, { fileIntegrityPaths: [{ path: '/x', recursive: true }] });
      assert.equal('fileIntegrityPaths' in hostWithPaths, false);

      for (const key of ['rulesIds', 'rules']) {
        const target = await newRuleset();
        const r = await newRule(target.id);
        const made = await ok('POST', '/v2/rulesets', { name: unique(key), description: null, [key]: [r.id] });
        assert.deepEqual(made.rules, [r.id], key);
        assert.equal(made.description, '');
        assert.deepEqual((await ok('GET', `/v2/rulesets/${target.id}`)).rules, []);
      }
      const noIds = await ok('POST', '/v2/rulesets', { name: unique('bare') });
      assert.deepEqual(noIds.rules, []);
      // ruleIds wins over the aliases when several are sent.
      const r = await newRule(rs.id);
      const both = await ok('POST', '/v2/rulesets', { name: unique('both'), ruleIds: [r.id], rules: [lower.id] });
      assert.deepEqual(both.rules, [r.id]);
    });

    it('refuses bad rule bodies with a 400 naming the field and changes nothing', async () => {
      const rs = await newRuleset();
      const rule = await newRule(rs.id);
      const before = await snapshot(rs.id);
      const long = (k: number) => 'x'.repeat(k);
      const bad: Array<[Record<string, unknown> | unknown, RegExp]> = [
        [{ ...goHostRule(), name: undefined }, /Missing required body field name/],
        [goHostRule({ name: '' }), /invalid name value.*between 1 and 200/],
        [goHostRule({ name: long(201) }), /invalid name value.*between 1 and 200/],
        [goHostRule({ title: long(301) }), /invalid title value.*between 1 and 300/],
        [{ ...goHostRule(), alertDescription: undefined }, /alertDescription/],
        [goHostRule({ alertDescription: '' }), /Validation failed: body has invalid alertDescription value\. +Must be between 1 and 300 characters long\./],
        [goHostRule({ alertDescription: long(301) }), /invalid alertDescription value.*between 1 and 300/],
        [goHostRule({ severityOfAlerts: 0 }), /severityOfAlerts/],
        [goHostRule({ severityOfAlerts: 4 }), /severityOfAlerts/],
        [goHostRule({ severityOfAlerts: 'high' }), /severityOfAlerts/],
        [goHostRule({ severityOfAlerts: 1.5 }), /severityOfAlerts/],
        [{ ...goHostRule(), severityOfAlerts: undefined }, /severityOfAlerts/],
        [goHostRule({ window: 0 }), /invalid window value/],
        [goHostRule({ window: 2_592_001 }), /invalid window value/],
        [goHostRule({ window: '3600' }), /invalid window value/],
        [goHostRule({ window: 60.5 }), /invalid window value/],
        [goHostRule({ threshold: 0 }), /invalid threshold value/],
        [goHostRule({ threshold: -3 }), /invalid threshold value/],
        [goHostRule({ aggregateFields: ['user', 'nope'] }), /aggregateFields.*"nope"/],
        [goHostRule({ aggregateFields: ['rule_id'] }), /aggregateFields.*rule_id.*deprecated/],
        [goHostRule({ aggregateFields: ['threatintel_source'] }), /aggregateFields.*threatintel_source.*Host/],
        [goHostRule({ aggregateFields: 'user' }), /aggregateFields/],
        [goHostRule({ filter: 'event_type = "audit" and comand = "curl"' }), /^Invalid filter at position 25: unknown field "comand"/],
        [goHostRule({ filter: 'command = ' }), /^Invalid filter at position \d+/],
        [goHostRule({ filter: '' }), /invalid filter value/],
        [{ ...goHostRule(), filter: undefined }, /Missing required body field filter/],
        [goHostRule({ suppressions: ['user = "a"', 'usr = "b"'] }), /^Invalid suppressions\[1\] at position 0: unknown field "usr"/],
        [goHostRule({ suppressions: [''] }), /suppressions\[0\]/],
        [goHostRule({ enabled: 'yes' }), /invalid enabled value/],
        [goHostRule({ type: 'CloudTrail' }), /invalid type value.*Host, File, ThreatIntel/],
        [{ ...goHostRule(), type: undefined }, /Missing required body field type/],
        [goFileRule({ fileIntegrityPaths: [] }), /fileIntegrityPaths/],
        [goFileRule({ fileIntegrityPaths: undefined }), /fileIntegrityPaths/],
        [goFileRule({ fileIntegrityPaths: [{ path: '', recursive: true }] }), /fileIntegrityPaths\[0\]\.path/],
        [goFileRule({ fileIntegrityPaths: [{ path: '/etc', recursive: 'yes' }] }), /fileIntegrityPaths\[0\]\.recursive/],
        [goFileRule({ eventsToMonitor: ['modify', 'bogus'] }), /eventsToMonitor\[1\].*modify, delete, open, attrib, ALL/],
        [goFileRule({ eventsToMonitor: [] }), /eventsToMonitor/],
        [goFileRule({ aggregateFields: ['port'] }), /aggregateFields.*"port".*File/],
        [[goHostRule()], /must be object/],
      ];
      for (const [body, pattern] of bad) {
        for (const [method, path] of [
          ['POST', `/v2/rulesets/${rs.id}/rules`],
          ['PUT', `/v2/rulesets/${rs.id}/rules/${rule.id}`],
        ] as const) {
          const res = await req(method, path, { body });
          const label = `${method} ${JSON.stringify(body).slice(0, 100)} → ${res.text}`;
          assert.equal(res.status, 400, label);
          assert.equal(res.json.errors.length, 1, label);
          assert.match(res.json.errors[0], pattern, label);
        }
      }
      const malformed = await req('POST', `/v2/rulesets/${rs.id}/rules`, { rawBody: '{"name": ' });
      assert.equal(malformed.status, 400);
      assert.deepEqual(await snapshot(rs.id), before);
    });

    it('refuses bad ruleset bodies (400), duplicate names (409) and unknown rule ids (404), changing nothing', async () => {
      const rs = await newRuleset(unique('Keep'));
      const other = await newRuleset(unique('Other'));
      const mine = await newRule(rs.id);
      const theirs = await otherOrganization(server.store);
      const foreignSet = await hawkRequest(server.url, 'POST', '/v2/rulesets', theirs.creds, { body: { name: 'Foreign' } });
      const foreignRule = await hawkRequest(server.url, 'POST', `/v2/rulesets/${foreignSet.json.id}/rules`, theirs.creds, { body: goHostRule() });
      assert.equal(foreignRule.status, 200, foreignRule.text);
      const before = await snapshot(rs.id);
      const beforeOther = await snapshot(other.id);
      const count = async () => (await ok('GET', '/v2/rulesets')).rulesets.length;
      const total = await count();

      const bad: Array<[unknown, number, RegExp]> = [
        [{ description: 'no name' }, 400, /Missing required body field name/],
        [{ name: '' }, 400, /invalid name value.*between 1 and 200/],
        [{ name: '   ' }, 400, /invalid name value/],
        [{ name: 'x'.repeat(201) }, 400, /invalid name value.*between 1 and 200/],
        [{ name: 5 }, 400, /name/],
        [{ name: unique('ok'), description: 5 }, 400, /description/],
        [{ name: unique('ok'), ruleIds: mine.id }, 400, /ruleIds/],
        [{ name: unique('ok'), ruleIds: [5] }, 400, /ruleIds\[0\]/],
        [{ name: unique('ok'), rules: [''] }, 400, /rules\[0\]/],
        ['just a string', 400, /must be object/],
        [{ name: other.name.toUpperCase() }, 409, /already exists/],
        [{ name: ` ${other.name} ` }, 409, /already exists/],
        [{ name: unique('ok'), ruleIds: [mine.id, 'no-such-rule'] }, 404, /no-such-rule/],
        [{ name: unique('ok'), ruleIds: [foreignRule.json.id] }, 404, new RegExp(`Rules ${foreignRule.json.id} not found`)],
      ];
      for (const [body, status, pattern] of bad) {
        const label = (method: string, res: { text: string }) => `${method} ${JSON.stringify(body)} → ${res.text}`;
        const post = await req('POST', '/v2/rulesets', { body });
        assert.equal(post.status, status, label('POST', post));
        assert.match(post.json.errors.join(' '), pattern, label('POST', post));
        const put = await req('PUT', `/v2/rulesets/${rs.id}`, { body });
        assert.equal(put.status, status, label('PUT', put));
        assert.match(put.json.errors.join(' '), pattern, label('PUT', put));
      }
      assert.equal(await count(), total);
      assert.deepEqual(await snapshot(rs.id), before);
      assert.deepEqual(await snapshot(other.id), beforeOther);
      assert.equal((await server.store.rulesets.getRule(theirs.org.id, foreignRule.json.id))?.rulesetId, foreignSet.json.id);
      // Renaming a ruleset to its own name in another case is no conflict.
      const same = await ok('PUT', `/v2/rulesets/${rs.id}`, { name: rs.name.toLowerCase(), description: '' });
      assert.equal(same.name, rs.name.toLowerCase());
      assert.deepEqual(same.rules, [mine.id]);
    });

    it('refuses bad tag bodies and keeps the tags', async () => {
      const rs = await newRuleset();
      const rule = await newRule(rs.id);
      const tags = { inclusion: [{ source: 'ec2', key: 'env', value: 'prod' }], exclusion: [{ source: '', key: 'canary', value: 'yes' }] };
      assert.deepEqual(await ok('PUT', `/v2/rules/${rule.id}/tags`, tags), tags);
      const bad: Array<[unknown, RegExp]> = [
        [{ inclusion: 'env=prod' }, /inclusion/],
        [{ inclusion: [{ source: 'ec2', value: 'prod' }] }, /inclusion\[0\]\.key/],
        [{ exclusion: [{ key: 'a', value: 5 }] }, /exclusion\[0\]\.value/],
        [{ exclusion: [{ key: 'a', value: 'b', source: 7 }] }, /exclusion\[0\]\.source/],
        [{ inclusion: ['env'] }, /inclusion\[0\]/],
        [{ inclusion: Array.from({ length: 101 }, () => ({ key: 'k', value: 'v' })) }, /inclusion/],
        [[tags], /must be object/],
      ];
      for (const [body, pattern] of bad) {
        for (const method of ['PUT', 'POST']) {
          const res = await req(method, `/v2/rules/${rule.id}/tags`, { body });
          assert.equal(res.status, 400, `${method} ${JSON.stringify(body).slice(0, 80)} → ${res.text}`);
          assert.match(res.json.errors.join(' '), pattern);
        }
      }
      assert.deepEqual(await ok('GET', `/v2/rules/${rule.id}/tags`), tags);
      // A source-less tag is stored with an empty source; omitted lists clear.
      assert.deepEqual(await ok('POST', `/v2/rules/${rule.id}/tags`, { inclusion: [{ key: 'env', value: 'dev' }] }), {
        inclusion: [{ source: '', key: 'env', value: 'dev' }],
        exclusion: [],
      });
      assert.deepEqual(await ok('PUT', `/v2/rules/${rule.id}/tags`, {}), { inclusion: [], exclusion: [] });
      assert.equal((await req('GET', '/v2/rules/no-such-rule/tags')).status, 404);
      assert.equal((await req('PUT', '/v2/rules/no-such-rule/tags', { body: tags })).status, 404);
    });

    it('lists the rulesets that apply to an agent by tags', async () => {
      const prod = await server.store.agents.create(agentFixture(orgId, { tags: [{ source: 'ec2', key: 'env', value: 'prod' }] }));
      const dev = await server.store.agents.create(agentFixture(orgId, { tags: [{ source: 'ec2', key: 'env', value: 'dev' }] }));
      const prodSet = await newRuleset(unique('Prod only'));
      const notProd = await newRuleset(unique('Not prod'));
      const empty = await newRuleset(unique('Empty'));
      const p = await newRule(prodSet.id);
      const x = await newRule(notProd.id);
      await ok('PUT', `/v2/rules/${p.id}/tags`, { inclusion: [{ source: 'ec2', key: 'env', value: 'prod' }], exclusion: [] });
      await ok('PUT', `/v2/rules/${x.id}/tags`, { inclusion: [], exclusion: [{ key: 'env', value: 'prod' }] });
      const ids = async (agentId: string) => (await ok('GET', `/v2/rulesets?agentId=${agentId}`)).rulesets.map((r: any) => r.id);
      const forProd = await ids(prod.id);
      const forDev = await ids(dev.id);
      assert.ok(forProd.includes(prodSet.id) && !forProd.includes(notProd.id) && !forProd.includes(empty.id));
      assert.ok(!forDev.includes(prodSet.id) && forDev.includes(notProd.id) && !forDev.includes(empty.id));
      const one = (await ok('GET', `/v2/rulesets?agentId=${prod.id}`)).rulesets.find((r: any) => r.id === prodSet.id);
      assert.deepEqual(one.rules, [p.id]);
      assert.equal((await req('GET', '/v2/rulesets?agentId=no-such-agent')).status, 404);
      const theirs = await otherOrganization(server.store);
      const foreignAgent = await server.store.agents.create(agentFixture(theirs.org.id));
      assert.equal((await req('GET', `/v2/rulesets?agentId=${foreignAgent.id}`)).status, 404);
    });

    it("answers 404 for another organization's rulesets and rules, showing and changing none of them", async () => {
      const theirs = await otherOrganization(server.store);
      const as = (method: string, path: string, body?: unknown) => hawkRequest(server.url, method, path, theirs.creds, body === undefined ? {} : { body });
      const secretSet = await as('POST', '/v2/rulesets', { name: 'Secret ruleset', description: 'classified' });
      const secretRule = await as('POST', `/v2/rulesets/${secretSet.json.id}/rules`, goHostRule({ name: 'Secret rule' }));
      await as('PUT', `/v2/rules/${secretRule.json.id}/tags`, { inclusion: [{ key: 'secret', value: 'tag' }] });
      const setId = secretSet.json.id;
      const ruleId = secretRule.json.id;
      const mine = await newRuleset();
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `/v2/rulesets/${setId}`],
        ['PUT', `/v2/rulesets/${setId}`, { name: 'stolen', ruleIds: [] }],
        ['DELETE', `/v2/rulesets/${setId}`],
        ['GET', `/v2/rulesets/${setId}/rules`],
        ['POST', `/v2/rulesets/${setId}/rules`, goHostRule()],
        ['GET', `/v2/rulesets/${setId}/rules/${ruleId}`],
        ['PUT', `/v2/rulesets/${setId}/rules/${ruleId}`, goHostRule()],
        ['DELETE', `/v2/rulesets/${setId}/rules/${ruleId}`],
        ['GET', `/v2/rulesets/${mine.id}/rules/${ruleId}`],
        ['PUT', `/v2/rulesets/${mine.id}/rules/${ruleId}`, goHostRule()],
        ['DELETE', `/v2/rulesets/${mine.id}/rules/${ruleId}`],
        ['GET', `/v2/rules/${ruleId}/tags`],
        ['PUT', `/v2/rules/${ruleId}/tags`, { inclusion: [] }],
        ['POST', `/v2/rules/${ruleId}/tags`, { inclusion: [] }],
        ['PUT', `/v2/rulesets/${mine.id}`, { name: mine.name, ruleIds: [ruleId] }],
      ];
      for (const [method, path, body] of attempts) {
        const res = await req(method, path, body === undefined ? {} : { body });
        assert.equal(res.status, 404, `${method} ${path} → ${res.text}`);
        assert.doesNotMatch(res.text, /Secret|classified|secret/, `${method} ${path}`);
      }
      const list = await req('GET', '/v2/rulesets');
      assert.doesNotMatch(list.text, new RegExp(`${setId}|Secret`));
      // Their things are untouched, and the same name is free in this organization.
      const still = await as('GET', `/v2/rulesets/${setId}`);
      assert.deepEqual([still.json.name, still.json.description, still.json.rules], ['Secret ruleset', 'classified', [ruleId]]);
      assert.deepEqual((await as('GET', `/v2/rules/${ruleId}/tags`)).json.inclusion, [{ source: '', key: 'secret', value: 'tag' }]);
      assert.equal((await as('GET', `/v2/rulesets/${setId}/rules/${ruleId}`)).json.name, 'Secret rule');
      assert.ok(await newRuleset('Secret ruleset'));
    });

    it('refuses every write by a reader (403) and lets them read', async () => {
      const reader = await memberWithRole(server.store, orgId, 'reader');
      const rs = await newRuleset();
      const rule = await newRule(rs.id);
      const before = await snapshot(rs.id);
      const writes: Array<[string, string, unknown?]> = [
        ['POST', '/v2/rulesets', { name: unique('reader') }],
        ['PUT', `/v2/rulesets/${rs.id}`, { name: 'renamed', ruleIds: [] }],
        ['DELETE', `/v2/rulesets/${rs.id}`],
        ['POST', `/v2/rulesets/${rs.id}/rules`, goHostRule()],
        ['PUT', `/v2/rulesets/${rs.id}/rules/${rule.id}`, goHostRule({ title: 'reader was here' })],
        ['DELETE', `/v2/rulesets/${rs.id}/rules/${rule.id}`],
        ['PUT', `/v2/rules/${rule.id}/tags`, { inclusion: [{ key: 'a', value: 'b' }] }],
        ['POST', `/v2/rules/${rule.id}/tags`, { inclusion: [{ key: 'a', value: 'b' }] }],
      ];
      for (const [method, path, body] of writes) {
        const res = await hawkRequest(server.url, method, path, reader.creds, body === undefined ? {} : { body });
        assert.equal(res.status, 403, `${method} ${path} → ${res.text}`);
      }
      assert.deepEqual(await snapshot(rs.id), before);
      assert.deepEqual(await ok('GET', `/v2/rules/${rule.id}/tags`), { inclusion: [], exclusion: [] });
      const read = await hawkRequest(server.url, 'GET', `/v2/rulesets/${rs.id}/rules`, reader.creds);
      assert.equal(read.status, 200);
      assert.deepEqual(read.json, before.rules);
    });

    it('audits every change', async () => {
      const user = await memberWithRole(server.store, orgId, 'user');
      const as = async (method: string, path: string, body?: unknown) => {
        const res = await hawkRequest(server.url, method, path, user.creds, body === undefined ? {} : { body });
        assert.equal(res.status, 200, `${method} ${path} → ${res.text}`);
        return res.json;
      };
      const rs = await as('POST', '/v2/rulesets', { name: unique('Audited'), description: '' });
      const rule = await as('POST', `/v2/rulesets/${rs.id}/rules`, goHostRule());
      await as('PUT', `/v2/rulesets/${rs.id}/rules/${rule.id}`, goHostRule({ title: 'changed' }));
      await as('POST', `/v2/rules/${rule.id}/tags`, { inclusion: [{ key: 'env', value: 'prod' }] });
      const doomed = await as('POST', `/v2/rulesets/${rs.id}/rules`, goHostRule({ name: 'doomed' }));
      await as('DELETE', `/v2/rulesets/${rs.id}/rules/${doomed.id}`);
      await as('PUT', `/v2/rulesets/${rs.id}`, { name: `${rs.name} renamed`, ruleIds: [] });
      await as('DELETE', `/v2/rulesets/${rs.id}`);
      // A refused write leaves no record.
      assert.equal((await hawkRequest(server.url, 'POST', '/v2/rulesets', user.creds, { body: { name: '' } })).status, 400);

      const page = await server.store.auditLogs.list(orgId, { userId: user.user.id }, { limit: 100 });
      const recs = page.items;
      // Records of one millisecond are ordered by random id, so compare as a multiset.
      assert.deepEqual(
        recs.map((r) => `${r.crud}:${r.action}`).sort(),
        [
          'create:create_ruleset', 'create:create_rule', 'update:update_rule', 'update:update_rule_tags',
          'create:create_rule', 'delete:delete_rule', 'update:update_ruleset', 'delete:delete_ruleset',
        ].sort(),
      );
      for (const r of recs) {
        assert.equal(r.userEmail, user.user.email);
        assert.equal(r.source, 'api');
        assert.equal(r.result, 'success');
        assert.ok(r.description.length > 0);
      }
      const one = (action: string) => recs.find((r) => r.action === action)!;
      assert.equal(one('create_ruleset').context.rulesetId, rs.id);
      assert.equal(one('update_rule').context.ruleId, rule.id);
      assert.deepEqual(one('update_rule_tags').context.inclusion, [{ source: '', key: 'env', value: 'prod' }]);
      assert.deepEqual(one('update_ruleset').context.deletedRuleIds, [rule.id]);
      assert.equal(one('delete_rule').context.ruleId, doomed.id);
      const viaApi = await req('GET', '/v2/auditlogs?operation=delete');
      assert.ok(viaApi.json.recs.some((r: any) => r.action === 'delete_ruleset' && r.context.rulesetId === rs.id));
    });

    it('documents the routes in /openapi.json', async () => {
      const doc: any = await (await fetch(`${server.url}/openapi.json`)).json();
      const expected: Record<string, string[]> = {
        '/v2/rulesets': ['get', 'post'],
        '/v2/rulesets/{rulesetId}': ['get', 'put', 'delete'],
        '/v2/rulesets/{rulesetId}/rules': ['get', 'post'],
        '/v2/rulesets/{rulesetId}/rules/{ruleId}': ['get', 'put', 'delete'],
        '/v2/rules/{ruleId}/tags': ['get', 'put', 'post'],
      };
      for (const [path, methods] of Object.entries(expected)) {
        for (const method of methods) {
          const op = doc.paths[path]?.[method];
          assert.ok(op, `${method} ${path}`);
          assert.deepEqual(op.tags, ['Rulesets and Rules'], `${method} ${path}`);
          assert.ok(op.summary, `${method} ${path}`);
          assert.ok(op.description, `${method} ${path}`);
        }
      }
      const post = doc.paths['/v2/rulesets'].post;
      assert.match(JSON.stringify(post), /rules of this ruleset that are not listed are deleted/);
      assert.match(JSON.stringify(post), /rulesIds/);
    });
  });

  describe(`REST v2 rules of the demo dataset (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, { demo: true, config: { rateLimit: { perOrg: 100_000, perIp: 100_000, lockoutSeconds: 900 } } });
    });
    after(() => server.close());

    it('accepts every rule back as it was read (export/import tools PUT what they GET)', async () => {
      const rulesets = (await server.request('GET', '/v2/rulesets')).json.rulesets as Array<{ id: string }>;
      assert.ok(rulesets.length > 0);
      let files = 0;
      for (const rs of rulesets) {
        const rules = (await server.request('GET', `/v2/rulesets/${rs.id}/rules`)).json.rules as Array<Record<string, unknown>>;
        for (const rule of rules) {
          if (rule.type === 'File') files++;
          const { id, rulesetId, createdAt, updatedAt, ...body } = rule;
          const put = await server.request('PUT', `/v2/rulesets/${rs.id}/rules/${id}`, { body });
          assert.equal(put.status, 200, `${String(rule.name)}: ${put.text}`);
        }
      }
      assert.ok(files > 0, 'the demo has File rules');
    });
  });
}
