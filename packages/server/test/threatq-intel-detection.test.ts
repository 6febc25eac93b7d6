import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIALECTS } from '@vigil/store/testing';
import { postBatch, registerAgent, type AgentCreds } from './helpers/agent-client.js';
import { startThreatq, type ThreatqServer } from './threatq-support.js';

const rand = () => randomBytes(4).toString('hex');
const octet = () => 1 + Math.floor(Math.random() * 250);

for (const dialect of DIALECTS) {
  describe(`ThreatIntel detection over HTTP (${dialect})`, () => {
    let t: ThreatqServer;
    let token: string;
    let agent: AgentCreds;
    let rulesetId: string;
    let seq = 0;

    async function v2(method: string, path: string, body?: unknown) {
      const res = await t.server.request(method, path, body === undefined ? {} : { body });
      assert.equal(res.status, 200, `${method} ${path} → ${res.status} ${res.text}`);
      return res.json;
    }
    async function indicator(value: string, type: string, status = 'Active', sources = ['Feed A']) {
      const res = await t.tq('POST', '/api/indicators', { token, json: { value, type, status, sources: sources.map((name) => ({ name })) } });
      assert.equal(res.status, 201, res.text);
      return res.json.data[0];
    }
    async function send(events: Record<string, unknown>[], who = agent) {
      const res = await postBatch(t.server.url, who, `intel-${process.pid}-${++seq}`, events.map((e) => ({ timestamp: Date.now(), ...e })));
      assert.equal(res.status, 200, res.text);
    }
    const connect = (dst_ip: string, over: Record<string, unknown> = {}) => ({ event_type: 'connect', src_ip: '10.0.0.5', dst_ip, dst_port: 443, ...over });
    const alertsOf = async (ruleId: string) => (await v2('GET', `/v2/alerts?status=active&ruleId=${ruleId}`)).alerts as any[];
    /** polls until an alert of the rule about `value` exists, for at most `ms` */
    async function alertAbout(ruleId: string, value: string, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = (await alertsOf(ruleId)).find((a) => a.aggregates.some((g: any) => g.fieldName === 'threatintel_value' && g.fieldValue === value));
        if (found || Date.now() > deadline) return found;
        await sleep(100);
      }
    }
    /** The index refreshes about every second: sends an event naming `ip` until it alerts, for at most 5 s. */
    async function seenWithin5s(ruleId: string, ip: string) {
      const deadline = Date.now() + 5000;
      let alert: unknown;
      while (alert === undefined && Date.now() < deadline) {
        await send([connect(ip)]);
        alert = await alertAbout(ruleId, ip, 500);
      }
      return alert;
    }
    const newRule = (over: Record<string, unknown> = {}) =>
      v2('POST', `/v2/rulesets/${rulesetId}/rules`, {
        name: `Intel ${rand()}`,
        type: 'ThreatIntel',
        title: 'Known bad {{threatintel_type}} {{threatintel_value}} from {{threatintel_source}}',
        severityOfAlerts: 1,
        alertDescription: 'intel test',
        aggregateFields: ['dst_ip'],
        window: 60,
        threshold: 1,
        suppressions: [],
        enabled: true,
        ...over,
      });

    before(async () => {
      t = await startThreatq(dialect);
      token = await t.login();
      const deployKey = (await t.server.store.deployKeys.issue(t.server.creds.orgId)).key;
      agent = await registerAgent(t.server.url, deployKey);
      rulesetId = (await v2('POST', '/v2/rulesets', { name: `Intel ${rand()}`, description: '', ruleIds: [] })).id;
    });
    after(() => t.close());

    it('alerts on an active IP, CIDR, FQDN, URL and hash indicator, naming it in aggregates and title', async () => {
      const rule = await newRule();
      const ip = `203.0.${octet()}.${octet()}`;
      const net = `198.${octet()}.${octet()}`;
      const domain = `evil-${rand()}.example.com`;
      const url = `http://drop-${rand()}.example.net/payload.sh`;
      const sha256 = randomBytes(32).toString('hex');
      await indicator(ip, 'IP Address', 'Active', ['Feed A', 'Feed B']);
      await indicator(`${net}.0/24`, 'CIDR Block');
      await indicator(domain.toUpperCase(), 'FQDN');
      await indicator(url, 'URL');
      await indicator(sha256, 'SHA-256');
      await send([
        connect(ip),
        connect(`${net}.77`),
        { event_type: 'dns', domain },
        { event_type: 'http', url },
        { event_type: 'file', filename: '/tmp/x', sha256: sha256.toUpperCase() },
      ]);

      const byIp = await alertAbout(rule.id, ip);
      assert.ok(byIp, 'the IP indicator alerts');
      assert.equal(byIp.title, `Known bad IP Address ${ip} from Feed A, Feed B`);
      const fields = Object.fromEntries(byIp.aggregates.map((g: any) => [g.fieldName, g.fieldValue]));
      assert.equal(fields.dst_ip, ip);
      assert.equal(fields.threatintel_type, 'IP Address');
      assert.equal(fields.threatintel_source, 'Feed A, Feed B');
      assert.equal(typeof fields.threatintel_score, 'number');
      const { events } = await v2('GET', `/v2/alerts/${byIp.id}/events`);
      assert.equal(events[0].dst_ip, ip);
      assert.match(events[0].threatintel_reason, /dst_ip/);

      assert.ok(await alertAbout(rule.id, `${net}.0/24`), 'an address inside the CIDR block alerts');
      assert.ok(await alertAbout(rule.id, domain), 'the FQDN alerts (case-insensitively)');
      assert.ok(await alertAbout(rule.id, url), 'the URL alerts');
      assert.ok(await alertAbout(rule.id, sha256), 'the hash alerts (case-insensitively)');
    });

    it('matches an indicator added after the agent started within 5 s', async () => {
      const rule = await newRule();
      const ip = `192.0.${octet()}.${octet()}`;
      await send([connect(ip)]);
      await indicator(ip, 'IP Address');
      assert.ok(await seenWithin5s(rule.id, ip), 'alerted within 5 s of adding the indicator');
    });

    it('stops matching within 5 s an indicator expired by the expiry pass, bulk status, a whitelist entry or a delete', async () => {
      // src_ip is aggregated too: each round's events make alerts of their own.
      const rule = await newRule({ aggregateFields: ['dst_ip', 'src_ip'] });
      const sentinel = `192.0.${octet()}.${octet()}`;
      await indicator(sentinel, 'IP Address');
      const expiring = await indicator(`198.18.${octet()}.${octet()}`, 'IP Address');
      const bulk = await indicator(`198.19.${octet()}.${octet()}`, 'IP Address');
      const listed = await indicator(`198.20.${octet()}.${octet()}`, 'IP Address');
      const deleted = await indicator(`198.21.${octet()}.${octet()}`, 'IP Address');
      const changed = [expiring, bulk, listed, deleted].map((i) => i.value as string);
      for (const ip of [sentinel, ...changed]) assert.ok(await seenWithin5s(rule.id, ip), `${ip} matches first`);

      const put = await t.tq('PUT', `/api/indicators/${expiring.id}`, { token, json: { expires_at: '2020-01-01 00:00:00' } });
      assert.equal(put.status, 200, put.text);
      assert.ok((await t.server.store.indicatorLifecycle.expireDue()).expired >= 1, 'the expiry pass');
      const status = await t.tq('POST', '/api/bulk/status', { token, json: { query: { indicator: { criteria: { value: bulk.value } } }, statuses: { indicator: 'Expired' } } });
      assert.equal(status.json?.data?.total, 1, status.text);
      assert.equal((await t.tq('POST', '/api/indicators/whitelist', { token, json: { value: listed.value } })).status, 201);
      assert.equal((await t.tq('DELETE', `/api/indicators/${deleted.id}`, { token })).status, 204);
      const changedAt = Date.now();

      const about = (alerts: any[], value: string, src: string) =>
        alerts.some((a) => {
          const fields = Object.fromEntries(a.aggregates.map((g: any) => [g.fieldName, g.fieldValue]));
          return fields.threatintel_value === value && fields.src_ip === src;
        });
      let quietAfter: number | undefined;
      for (let round = 0; quietAfter === undefined && Date.now() - changedAt < 5000; round++) {
        const src = `10.${octet()}.${round % 250}.${octet()}`;
        await send([connect(sentinel, { src_ip: src }), ...changed.map((ip) => connect(ip, { src_ip: src }))]);
        // The sentinel's alert says the whole batch was matched.
        let alerts: any[] = [];
        for (const deadline = Date.now() + 3000; !about(alerts, sentinel, src) && Date.now() < deadline; await sleep(100)) alerts = await alertsOf(rule.id);
        assert.ok(about(alerts, sentinel, src), 'the sentinel still alerts');
        if (!changed.some((ip) => about(alerts, ip, src))) quietAfter = Date.now() - changedAt;
      }
      assert.ok(quietAfter !== undefined && quietAfter < 5000, `no longer matched ${quietAfter ?? 'after more than 5000'} ms after the changes`);
    });

    it('never alerts on whitelisted, non-active, deleted or other organizations’ indicators; the filter still applies', async () => {
      const rule = await newRule();
      const portRule = await newRule({ filter: 'event_type = "connect" and dst_port = 4444' });
      const net = `100.${octet()}.${octet()}`;
      await indicator(`${net}.0/24`, 'CIDR Block');
      await indicator(`${net}.9`, 'IP Address', 'Whitelisted');
      const review = await indicator(`172.${octet()}.${octet()}.${octet()}`, 'IP Address', 'Review');
      const laterWhitelisted = `172.${octet()}.${octet()}.${octet()}`;
      const changed = await indicator(laterWhitelisted, 'IP Address');
      const deletedIp = `172.${octet()}.${octet()}.${octet()}`;
      const deleted = await indicator(deletedIp, 'IP Address');
      const put = await t.tq('PUT', `/api/indicators/${changed.id}`, { token, json: { status: 'Whitelisted' } });
      assert.equal(put.status, 200, put.text);
      assert.equal((await t.tq('DELETE', `/api/indicators/${deleted.id}`, { token })).status, 204);

      // Another organization's active indicator.
      const theirIp = `172.${octet()}.${octet()}.${octet()}`;
      const other = await t.server.store.organizations.create({ name: `Other ${rand()}` });
      await t.server.store.indicators.upsertMany(other.id, [{ typeId: 15, class: 'network', value: theirIp, hash: rand(), generatedScore: 5, statusId: 1 }]);

      // The organization's whitelist (helper store API): a CIDR entry covers an active indicator's address.
      const listedNet = `172.${octet()}.${octet()}`;
      await t.server.store.indicatorLifecycle.addWhitelist(t.server.creds.orgId, { kind: 'cidr', value: `${listedNet}.0/28` });
      await indicator(`${listedNet}.5`, 'IP Address');

      // Every change above is in the index once an indicator added after them alerts.
      const sentinel = `192.0.${octet()}.${octet()}`;
      await indicator(sentinel, 'IP Address');
      assert.ok(await seenWithin5s(rule.id, sentinel));

      await send([connect(`${net}.9`), connect(review.value), connect(laterWhitelisted), connect(deletedIp), connect(theirIp), connect(`${listedNet}.5`), connect(`${net}.10`, { dst_port: 80 })]);
      // A marker: once this alert exists, every event sent before it was processed.
      const mark = `${net}.11`;
      await send([connect(mark, { dst_port: 4444 })]);
      assert.ok(await alertAbout(portRule.id, `${net}.0/24`), 'the filtered rule fires on its port');
      assert.ok(await alertAbout(rule.id, `${net}.0/24`));

      const values = (await alertsOf(rule.id)).map((a) => a.aggregates.find((g: any) => g.fieldName === 'dst_ip').fieldValue);
      for (const quiet of [`${net}.9`, review.value, laterWhitelisted, deletedIp, theirIp, `${listedNet}.5`]) assert.ok(!values.includes(quiet), `${quiet} must not alert`);
      const portAlerts = await alertsOf(portRule.id);
      assert.equal(portAlerts.length, 1, 'the port-80 event does not pass the filter');
      assert.equal(portAlerts[0].aggregates.find((g: any) => g.fieldName === 'dst_ip').fieldValue, mark);
    });

    it('refuses a ThreatIntel rule with a bad filter or aggregate field, creating nothing', async () => {
      const before = (await v2('GET', `/v2/rulesets/${rulesetId}/rules`)).rules.length;
      for (const bad of [{ filter: 'dst_port = ' }, { aggregateFields: ['no_such_field'] }, { filter: 42 }]) {
        const res = await t.server.request('POST', `/v2/rulesets/${rulesetId}/rules`, {
          body: { name: `Bad ${rand()}`, type: 'ThreatIntel', title: 'x', severityOfAlerts: 1, alertDescription: '', aggregateFields: [], window: 60, threshold: 1, suppressions: [], enabled: true, ...bad },
        });
        assert.equal(res.status, 400, res.text);
        assert.ok(Array.isArray(res.json.errors));
      }
      assert.equal((await v2('GET', `/v2/rulesets/${rulesetId}/rules`)).rules.length, before);
    });
  });
}
