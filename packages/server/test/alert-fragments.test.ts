/**
 * Alert pages written from kept alert texts (presenters/alert-fragments.ts): a kept text is used only for
 * the same organization, alert, creation time and dismissal state, the store of texts stays within its
 * bound, and a page written from texts is byte for byte what the route's response schema writes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { Alert } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { Alert as AlertSchema, Paged } from '../src/http/schemas.js';
import { createAlertFragments } from '../src/presenters/alert-fragments.js';
import { presentAlert } from '../src/presenters/v2.js';
import { startTestServer, type Creds, type TestServer } from './helpers/test-server.js';
import { alertFixture, otherOrganization } from './helpers/fixtures.js';

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'a-1',
    orgId: 'org-1',
    title: 'sudo by root',
    dataSource: 'agent',
    createdAt: Date.UTC(2024, 0, 1),
    severity: 2,
    agentId: null,
    ruleId: null,
    rulesetId: null,
    isDismissed: false,
    dismissedAt: null,
    dismissReason: null,
    dismissReasonText: null,
    dismissedBy: null,
    aggregates: [],
    ...over,
  };
}

/** A serializer that says which alert and state it wrote, and counts its calls. */
function countingSerializer() {
  let calls = 0;
  const serialize = (a: Alert) => {
    calls++;
    return JSON.stringify({ id: a.id, org: a.orgId, dismissed: a.isDismissed, at: a.createdAt });
  };
  return { serialize, calls: () => calls };
}

const text = (b: Buffer | undefined) => b?.toString();

describe('kept alert texts', () => {
  it('serialises an alert once and serves its text while organization, creation time and state match', () => {
    const fragments = createAlertFragments();
    const s = countingSerializer();
    const a = alert();
    const first = fragments.of(a, s.serialize);
    assert.equal(text(fragments.of({ ...a }, s.serialize)), text(first));
    assert.equal(s.calls(), 1);
    const refs = [{ id: a.id, createdAt: a.createdAt }];
    assert.deepEqual(fragments.all('org-1', false, refs)?.map(text), [text(first)]);
    assert.equal(fragments.all('org-2', false, refs), undefined, 'another organization never gets the text');
    assert.equal(fragments.all('org-1', true, refs), undefined, 'a dismissed list never gets the active text');
    assert.equal(fragments.all('org-1', false, [{ id: a.id, createdAt: a.createdAt + 1 }]), undefined, 'another row under the same id');
    assert.equal(fragments.all('org-1', false, [...refs, { id: 'a-2', createdAt: a.createdAt }]), undefined, 'all or nothing');
    assert.deepEqual(fragments.all('org-1', false, []), []);
  });

  it('replaces the text when the alert is seen dismissed, in another organization or as another row', () => {
    const fragments = createAlertFragments();
    const s = countingSerializer();
    const a = alert();
    fragments.of(a, s.serialize);
    const dismissed = { ...a, isDismissed: true, dismissedAt: a.createdAt + 5, dismissReason: 'OTHER' as const };
    assert.match(text(fragments.of(dismissed, s.serialize))!, /"dismissed":true/);
    const refs = [{ id: a.id, createdAt: a.createdAt }];
    assert.match(text(fragments.all('org-1', true, refs)?.[0])!, /"dismissed":true/);
    assert.equal(fragments.all('org-1', false, refs), undefined, 'the active text is gone');
    assert.match(text(fragments.of({ ...a, orgId: 'org-2' }, s.serialize))!, /"org":"org-2"/);
    assert.equal(fragments.all('org-1', true, refs), undefined);
    assert.match(text(fragments.of({ ...a, orgId: 'org-2', createdAt: 7 }, s.serialize))!, /"at":7/);
    assert.equal(s.calls(), 4);
  });

  it('keeps at most maxBytes of text; the oldest go first unless read since eviction last passed them', () => {
    const s = countingSerializer();
    const at = alert().createdAt;
    const size = Buffer.byteLength(s.serialize(alert({ id: 'a' })));
    const fragments = createAlertFragments({ maxBytes: size * 4 });
    const add = (id: string) => fragments.of(alert({ id }), s.serialize);
    const read = (id: string) => fragments.all('org-1', false, [{ id, createdAt: at }]);
    for (const id of ['a', 'b', 'c', 'd']) add(id);
    add('e'); // all four were just written: one full pass, then the oldest goes
    assert.equal(read('a'), undefined);
    read('c');
    add('f'); // b was not read since: it goes
    add('g'); // c was read: it gets another turn and d goes
    const kept = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].filter((id) => read(id) !== undefined);
    assert.deepEqual(kept, ['c', 'e', 'f', 'g']);
  });
});

for (const dialect of DIALECTS) {
  describe(`alert pages from kept texts (${dialect})`, () => {
    let server: TestServer;
    let creds: Creds;
    /** the route's own schema serialiser, given the page the store lists and the token the route wrote */
    const expected = Fastify();
    let expectedPage: unknown;
    expected.get('/', { schema: { response: { 200: Paged('alerts', AlertSchema) } } }, async () => expectedPage);

    before(async () => {
      server = await startTestServer(dialect);
      creds = (await otherOrganization(server.store)).creds;
      const t0 = Date.UTC(2024, 2, 1);
      await server.store.alerts.createMany(
        Array.from({ length: 130 }, (_, i) => ({
          alert: alertFixture(creds.orgId, {
            createdAt: t0 + Math.floor(i / 2) * 1000,
            title: `"quoted" \\ back\tslash\n é 漢字 😀 </script> \u2028 \u0001 #${i}`,
            severity: ((i % 3) + 1) as 1 | 2 | 3,
            agentId: i % 2 ? `agent-${i}` : null,
            ruleId: i % 3 ? `rule-${i}` : null,
            aggregates: [
              { fieldName: 'cmd', fieldValue: 'a "b"\n\u0007', n: 1.5, nested: { x: [1, null, true, 'ü'] } },
              { fieldName: 'ü', count: i },
            ],
          }),
        })),
      );
      await expected.ready();
    });
    after(async () => {
      await expected.close();
      await server.close();
    });

    /** The route's answer and what the schema serialiser writes for the same page. */
    async function compare(query: string, isDismissed: boolean, after?: [number, string]) {
      const res = await server.request('GET', `/v2/alerts?${query}`, { creds });
      assert.equal(res.status, 200, res.text);
      const page = await server.store.alerts.list(creds.orgId, { isDismissed }, { limit: 100, after });
      expectedPage = { alerts: page.items.map(presentAlert), token: res.json.token };
      return { res, expected: (await expected.inject('/')).body, next: page.next };
    }

    it('writes the bytes the response schema writes, whether the texts were kept or not', async () => {
      let until = Date.UTC(2100, 0, 1);
      // a new `until` each time: every request misses the response cache
      const first = await compare(`status=active&until=${new Date(until++).toISOString()}`, false);
      assert.equal(first.res.text, first.expected, 'texts written now');
      assert.equal(first.res.json.alerts.length, 100);
      const again = await compare(`status=active&until=${new Date(until++).toISOString()}`, false);
      assert.equal(again.res.text, again.expected, 'texts kept');
      const token = again.res.json.token as string;
      const query = `status=active&until=${new Date(until - 1).toISOString()}&token=${token}`;
      for (let i = 0; i < 2; i++) {
        const last = await compare(query, false, again.next);
        assert.equal(last.res.text, last.expected, 'the last page');
        assert.equal(last.res.json.alerts.length, 30);
        assert.equal(last.res.json.token, null);
      }
    });

    it('never shows a dismissed alert with the text it had while active, nor a kept text after dismissal', async () => {
      let until = Date.UTC(2101, 0, 1);
      const active = async () => compare(`status=active&until=${new Date(until++).toISOString()}`, false);
      const [target] = (await active()).res.json.alerts;
      await active(); // served from kept texts
      const dismissed = await server.request('POST', '/v2/alerts/dismiss', {
        creds,
        body: { ids: [target.id], dismissReason: 'maintenance', dismissReasonText: 'patch night' },
      });
      assert.equal(dismissed.status, 200, dismissed.text);
      const list = await compare(`status=dismissed&until=${new Date(until++).toISOString()}`, true);
      assert.equal(list.res.text, list.expected);
      const [shown] = list.res.json.alerts;
      assert.equal(shown.id, target.id);
      assert.equal(shown.isDismissed, true);
      assert.equal(shown.dismissReason, 'MAINTENANCE');
      assert.equal(shown.dismissReasonText, 'patch night');
      assert.equal(shown.dismissedBy, creds.userId);
      assert.deepEqual(shown, (await server.request('GET', `/v2/alerts/${target.id}`, { creds })).json);
      const after = await active();
      assert.equal(after.res.text, after.expected);
      assert.ok(!after.res.json.alerts.some((a: { id: string }) => a.id === target.id));
    });
  });
}
