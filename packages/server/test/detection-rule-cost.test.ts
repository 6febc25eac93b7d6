/**
 * Issue #16: one organization's rules must not stall detection for the others. Regular expressions run on
 * RE2 and globs on a linear matcher, so the issue's patterns answer at once; a rule that is merely
 * expensive overruns its organization's budget and is disabled and reported; a stored rule RE2 refuses is
 * disabled when detection loads it. Over HTTP, with detection in its worker thread, on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIALECTS } from '@vigil/store/testing';
import { postBatch, registerAgent, type AgentCreds } from './helpers/agent-client.js';
import { loadConfig } from '../src/index.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const rand = () => randomBytes(4).toString('hex');
const EVIL = `${'a'.repeat(28)}!`;
/** ms per 1,000 events; the expensive rule below costs seconds, an ordinary one microseconds */
const BUDGET_MS = 200;

function hostRule(over: Record<string, unknown> = {}) {
  return {
    name: `Rule ${rand()}`,
    type: 'Host',
    title: 'ran {{command}}',
    severityOfAlerts: 2,
    alertDescription: 'rule cost test',
    aggregateFields: ['command'],
    window: 60,
    threshold: 1,
    suppressions: [],
    enabled: true,
    ...over,
  };
}

/** A deterministic string of `n` pseudo-random "a"s and "b"s: RE2's DFA for `(a|b)*a(a|b){20}$` cannot cache it. */
function abNoise(n: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += (x >> 16) & 1 ? 'a' : 'b';
  }
  return s;
}

for (const dialect of DIALECTS) {
  describe(`detection: rule cost (${dialect})`, () => {
    let server: TestServer;
    let agent: AgentCreds;
    let rulesetId: string;
    let seq = 0;
    const batchId = () => `cost-${process.pid}-${++seq}`;
    const audit = (command: string, over: Record<string, unknown> = {}) => ({ event_type: 'audit', timestamp: Date.now(), syscall: 'execve', command, user: 'kpatel', ...over });

    async function ok(method: string, path: string, body?: unknown) {
      const res = await server.request(method, path, body === undefined ? {} : { body });
      assert.equal(res.status, 200, `${method} ${path} → ${res.status} ${res.text}`);
      return res.json;
    }
    async function send(events: unknown[], who = agent) {
      const res = await postBatch(server.url, who, batchId(), events);
      assert.equal(res.status, 200, res.text);
    }
    /** polls (≤ 10 s) until `count` alerts of the rule exist in the org */
    async function waitForAlerts(orgId: string, ruleId: string, count: number) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const page = await server.store.alerts.list(orgId, { isDismissed: false, ruleId }, { limit: 100 });
        const mine = page.items;
        if (mine.length >= count || Date.now() > deadline) return mine;
        await sleep(100);
      }
    }
    /** polls (≤ 10 s) until the rule is disabled */
    async function waitForDisabled(ruleId: string) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const rule = await ok('GET', `/v2/rulesets/${rulesetId}/rules/${ruleId}`);
        if (!rule.enabled || Date.now() > deadline) return rule;
        await sleep(100);
      }
    }

    /** Another organization with a cheap rule and its own agent: its alert must still come. */
    async function otherOrg() {
      const org = await server.store.organizations.create({ name: `Other ${rand()}` });
      const set = await server.store.rulesets.create({ orgId: org.id, name: 'Theirs', description: '' });
      const cmd = `theirs-${rand()}`;
      const rule = await server.store.rulesets.createRule({
        orgId: org.id, rulesetId: set.id, name: 'theirs', type: 'Host', title: 't', severityOfAlerts: 1,
        alertDescription: '', aggregateFields: [], filter: `command = "${cmd}"`, window: 60, threshold: 1,
        suppressions: [], enabled: true,
      });
      const key = (await server.store.deployKeys.issue(org.id)).key;
      const theirAgent = await registerAgent(server.url, key, { hostname: `theirs-${rand()}` });
      return { org, rule, agent: theirAgent, event: audit(cmd) };
    }

    before(async () => {
      server = await startTestServer(dialect, {
        detectionThread: true,
        config: { rateLimit: { perOrg: 100_000, perIp: 100_000, lockoutSeconds: 900 }, ingest: { ...loadConfig({}).ingest, ruleBudgetMs: BUDGET_MS } },
      });
      const deployKey = (await server.store.deployKeys.issue(server.creds.orgId)).key;
      agent = await registerAgent(server.url, deployKey);
      rulesetId = (await ok('POST', '/v2/rulesets', { name: `Cost ${rand()}`, description: '', ruleIds: [] })).id;
    });
    after(() => server.close());

    it("the issue's regex and glob patterns give their results at once, and another organization's alert still comes", async () => {
      const alternation = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, hostRule({ filter: 'command matches "^(a|a)*$"' }));
      const stars = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, hostRule({ filter: 'command matches "a*a*a*a*a*a*a*a*$"' }));
      const glob = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, {
        ...hostRule({ type: 'File', filter: 'event_type = "file"', aggregateFields: ['filename'] }),
        fileIntegrityPaths: [{ path: '/srv', recursive: true }],
        ignoreFiles: ['**a**a**a**a**a**a**a**a**b'],
        eventsToMonitor: ['ALL'],
      });
      const theirs = await otherOrg();

      await send([
        audit(EVIL),
        audit('aaaa'),
        { event_type: 'file', timestamp: Date.now(), type: 'modify', filename: `/srv/${EVIL}` },
        { event_type: 'file', timestamp: Date.now(), type: 'modify', filename: '/srv/aaaaaaaab' },
      ]);
      await send([theirs.event], theirs.agent);

      assert.equal((await waitForAlerts(theirs.org.id, theirs.rule.id, 1)).length, 1, "the other organization's alert");
      const org = server.creds.orgId;
      // `^(a|a)*$` matches "aaaa" only; `a*a*…$` matches the empty string at the end of anything.
      assert.deepEqual((await waitForAlerts(org, alternation.id, 1)).map((a) => a.aggregates[0]?.fieldValue), ['aaaa']);
      assert.deepEqual((await waitForAlerts(org, stars.id, 2)).map((a) => a.aggregates[0]?.fieldValue).sort(), ['aaaa', EVIL]);
      // The glob ignores the path ending in "b", not the one ending in "!". Both paths came in one batch, and a
      // batch's alerts are written in one transaction, so the list holding one holds all there will be.
      assert.deepEqual((await waitForAlerts(org, glob.id, 1)).map((a) => a.aggregates[0]?.fieldValue), [`/srv/${EVIL}`], 'the ignored path raised nothing');
      for (const r of [alternation, stars, glob]) assert.equal((await ok('GET', `/v2/rulesets/${rulesetId}/rules/${r.id}`)).enabled, true);
    });

    it('a rule that overruns its organization\'s budget is disabled and reported; the other organization\'s alert still comes', async () => {
      const expensive = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, hostRule({ filter: 'arguments matches "(a|b)*a(a|b){20}$"' }));
      const cheap = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, hostRule({ filter: 'command = "cheap-after"' }));
      const theirs = await otherOrg();

      // Five events with 200,000-character arguments: each test of the expensive rule takes hundreds of ms.
      await send(Array.from({ length: 5 }, (_, i) => audit('noise', { args: [abNoise(200_000, i + 1)] })));
      await send([theirs.event], theirs.agent);
      await send([audit('cheap-after')]);

      assert.equal((await waitForAlerts(theirs.org.id, theirs.rule.id, 1)).length, 1, "the other organization's alert");
      assert.equal((await waitForAlerts(server.creds.orgId, cheap.id, 1)).length, 1, "the same organization's other rules go on");
      const disabled = await waitForDisabled(expensive.id);
      assert.equal(disabled.enabled, false);
      assert.match(disabled.disabledReason, /^evaluating it took \d+ ms \(all of the organization's rules \d+ ms\) where the organization's rules may take \d+ ms on those events; make its filter or ignoreFiles cheaper, then enable it again$/);
      assert.equal('disabledReason' in (await ok('GET', `/v2/rulesets/${rulesetId}/rules/${cheap.id}`)), false);

      const { recs } = await ok('GET', '/v2/auditlogs');
      const record = recs.find((r: any) => r.action === 'disable_rule' && r.context.ruleId === expensive.id);
      assert.ok(record, 'an audit record');
      assert.equal(record.source, 'system');
      assert.equal(record.userId, null);
      assert.equal(record.description, `Rule "${expensive.name}" was disabled by detection: ${disabled.disabledReason}`);

      // Enabled again by its user (echoing the rule as read, reason included), it carries no reason.
      const enabled = await ok('PUT', `/v2/rulesets/${rulesetId}/rules/${expensive.id}`, { ...disabled, enabled: true });
      assert.equal(enabled.enabled, true);
      assert.equal('disabledReason' in enabled, false);
      await ok('PUT', `/v2/rulesets/${rulesetId}/rules/${expensive.id}`, { ...enabled, enabled: false });
    });

    it('a stored rule whose regular expression RE2 cannot run is disabled when loaded, and reported', async () => {
      const stored = await server.store.rulesets.createRule({
        orgId: server.creds.orgId, rulesetId, name: `Backreference ${rand()}`, type: 'Host', title: 't', severityOfAlerts: 2,
        alertDescription: '', aggregateFields: [], filter: String.raw`command matches "^(\w)\1"`, window: 60, threshold: 1,
        suppressions: [], enabled: true,
      });
      const marker = await ok('POST', `/v2/rulesets/${rulesetId}/rules`, hostRule({ filter: 'command = "after-backreference"' }));
      await send([audit('oops'), audit('after-backreference')]);
      assert.equal((await waitForAlerts(server.creds.orgId, marker.id, 1)).length, 1, 'the other rules run');

      const disabled = await waitForDisabled(stored.id);
      assert.equal(disabled.enabled, false);
      assert.equal(
        disabled.disabledReason,
        String.raw`its filter no longer compiles: regular expression "^(\w)\1" uses a backreference (invalid escape sequence: ` + '`\\1`' + '), which RE2 syntax does not support: matches runs in linear time and never backtracks at 16',
      );
      const { recs } = await ok('GET', '/v2/auditlogs');
      assert.ok(recs.some((r: any) => r.action === 'disable_rule' && r.context.ruleId === stored.id && r.context.reason === disabled.disabledReason));
      assert.deepEqual(await waitForAlerts(server.creds.orgId, stored.id, 0), []);
    });

    it('saving a rule RE2 cannot run is a 400 naming the construct, and creates nothing', async () => {
      const before = (await ok('GET', `/v2/rulesets/${rulesetId}/rules`)).rules.length;
      const cases: Array<[string, RegExp]> = [
        [String.raw`command matches "(a)\1"`, /uses a backreference/],
        ['command matches "^(?!root)"', /uses lookahead/],
        ['command matches "(?<=x)y"', /uses lookbehind/],
      ];
      for (const [filter, why] of cases) {
        const res = await server.request('POST', `/v2/rulesets/${rulesetId}/rules`, { body: hostRule({ filter }) });
        assert.equal(res.status, 400, res.text);
        assert.match(res.json.errors[0], /^Invalid filter at position 16: regular expression ".*" /);
        assert.match(res.json.errors[0], why);
        assert.match(res.json.errors[0], /which RE2 syntax does not support/);
      }
      assert.equal((await ok('GET', `/v2/rulesets/${rulesetId}/rules`)).rules.length, before);
    });
  });
}
