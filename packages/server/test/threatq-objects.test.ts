/**
 * ThreatQ events, adversaries and the relations between objects over real HTTP on both databases: create
 * (object or array), list, get with=, update, delete, event types, the upsert of adversaries by name,
 * relate/unrelate with pivot ids in both directions, with=events,adversaries on indicators, organization
 * scoping and bad input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '@vigil/store/testing';
import { otherOrganization, startThreatq, type ThreatqServer } from './threatq-support.js';

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

for (const dialect of DIALECTS) {
  describe(`${dialect}: ThreatQ events, adversaries and relations`, () => {
    let t: ThreatqServer;
    let token: string;
    let other: Awaited<ReturnType<typeof otherOrganization>>;
    before(async () => {
      t = await startThreatq(dialect, { threatq: { consumeMaxItems: 5 } });
      token = await t.login();
      other = await otherOrganization(t);
    });
    after(() => t.close());

    const count = async (path: string, tok = token) => (await t.tq('GET', path, { token: tok })).json.total as number;

    it('lists the event types', async () => {
      const res = await t.tq('GET', '/api/event/types', { token });
      assert.equal(res.status, 200);
      assert.equal(res.json.total, 14);
      assert.deepEqual(res.json.data[0], { id: 1, name: 'Spearphish' });
      assert.equal(res.json.data.find((e: any) => e.name === 'Sighting').id, 14);
    });

    it('creates, reads, lists, updates and deletes events with their context', async () => {
      const created = await t.tq('POST', '/api/events?with=type,sources,attributes,tags,comments', {
        token,
        json: {
          title: 'Phishing wave',
          type: 'Spearphish',
          happened_at: '2024-03-01 10:20:30',
          description: 'HR-themed lures',
          sources: [{ name: 'Analyst', tlp: { name: 'AMBER' } }],
          attributes: [{ name: 'Campaign', value: 'Q1' }],
          tags: ['phish'],
          comments: [{ value: 'seen by three teams' }],
        },
      });
      assert.equal(created.status, 201, created.text);
      const event = created.json.data;
      assert.ok(Number.isInteger(event.id));
      assert.equal(event.title, 'Phishing wave');
      assert.equal(event.type_id, 1);
      assert.deepEqual(event.type, { id: 1, name: 'Spearphish' });
      assert.equal(event.happened_at, '2024-03-01 10:20:30');
      assert.match(event.created_at, DATE);
      assert.equal(event.sources[0].name, 'Analyst');
      assert.equal(event.sources[0].tlp_id, 2);
      assert.deepEqual([event.attributes[0].name, event.attributes[0].value], ['Campaign', 'Q1']);
      assert.deepEqual(event.tags.map((x: any) => x.name), ['phish']);
      assert.equal(event.comments[0].value, 'seen by three teams');

      const many = await t.tq('POST', '/api/events', {
        token,
        json: [
          { title: 'C2 beacon', type_id: 7, happened_at: '2024-03-02 00:00:00' },
          { title: 'Sighting', type: { name: 'sighting' } },
        ],
      });
      assert.equal(many.status, 201, many.text);
      assert.equal(many.json.total, 2);
      assert.deepEqual(many.json.data.map((e: any) => e.type_id), [7, 14]);
      assert.match(many.json.data[1].happened_at, DATE, 'happened_at defaults to now');

      const list = await t.tq('GET', '/api/events?limit=2&sort=-id', { token });
      assert.equal(list.status, 200);
      assert.equal(list.json.total, 3);
      assert.equal(list.json.data.length, 2);
      assert.ok(list.json.data[0].id > list.json.data[1].id);
      assert.equal((await t.tq('GET', '/api/events?type=Command%20and%20Control', { token })).json.total, 1);
      assert.equal((await t.tq('GET', '/api/events?offset=2&sort=happened_at', { token })).json.data.length, 1);

      const updated = await t.tq('PUT', `/api/events/${event.id}?with=tags`, { token, json: { title: 'Phishing wave 2', tags: [{ name: 'hr' }] } });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.json.data.title, 'Phishing wave 2');
      assert.deepEqual(updated.json.data.tags.map((x: any) => x.name).sort(), ['hr', 'phish']);
      assert.equal(updated.json.data.type_id, 1, 'unsent fields are kept');

      const got = await t.tq('GET', `/api/events/${event.id}`, { token });
      assert.equal(got.json.data.title, 'Phishing wave 2');
      assert.equal(got.json.data.sources, undefined, 'only what with= asks for');

      assert.equal((await t.tq('DELETE', `/api/events/${event.id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', `/api/events/${event.id}`, { token })).status, 404);
      assert.equal((await t.tq('DELETE', `/api/events/${event.id}`, { token })).status, 404);
    });

    it('refuses bad events with a 400 naming the field, and stores nothing', async () => {
      const before = await count('/api/events');
      const cases: Array<[unknown, RegExp]> = [
        [{ type: 'Malware' }, /title/],
        [{ title: 42, type: 'Malware' }, /title/],
        [{ title: 'x'.repeat(1025), type: 'Malware' }, /^Invalid value for body field title: is required and must be a non-empty string of at most 1024 characters$/],
        [{ title: 'x' }, /type/],
        [{ title: 'x', type: 'Nope' }, /unknown event type/],
        [{ title: 'x', type_id: 99 }, /type_id/],
        [{ title: 'x', type: 'Malware', happened_at: 'yesterday' }, /happened_at/],
        [{ title: 'x', type: 'Malware', tags: 'apt' }, /tags/],
        [{ title: 'x', type: 'Malware', sources: [{ name: 'a', tlp: 'purple' }] }, /sources\[0\]\.tlp/],
        [[{ title: 'ok', type: 'Malware' }, { title: '', type: 'Malware' }], /\[1\]\.title/],
        [[], /at least one/],
        [Array.from({ length: 6 }, () => ({ title: 'x', type: 'Malware' })), /at most 5/],
        ['just text', /event object/],
      ];
      for (const [body, message] of cases) {
        const res = await t.tq('POST', '/api/events', { token, json: body });
        assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.text}`);
        assert.match(res.json.errors.join(' '), message);
      }
      assert.equal((await t.tq('GET', '/api/events?sort=color', { token })).status, 400);
      assert.equal((await t.tq('GET', '/api/events?with=nonsense', { token })).status, 400);
      assert.equal((await t.tq('GET', '/api/events?type=Nope', { token })).status, 400);
      assert.match((await t.tq('GET', '/api/events?type_id=99', { token })).json.errors.join(' '), /unknown event type/);
      const longTypeId = await t.tq('GET', `/api/events?type_id=${'9'.repeat(101)}`, { token });
      assert.equal(longTypeId.status, 400);
      assert.match(longTypeId.json.errors.join(' '), /query parameter type_id.*100 characters/);
      assert.equal((await t.tq('GET', '/api/events/abc', { token })).status, 400);
      assert.equal((await t.tq('GET', '/api/events/999999', { token })).status, 404);
      const ev = (await t.tq('POST', '/api/events', { token, json: { title: 'kept', type: 'Malware' } })).json.data;
      assert.equal((await t.tq('PUT', `/api/events/${ev.id}`, { token, json: {} })).status, 400);
      assert.equal((await t.tq('PUT', `/api/events/${ev.id}`, { token, json: { type: 'Nope' } })).status, 400);
      assert.deepEqual((await t.tq('PUT', `/api/events/${ev.id}`, { token, json: [] })).json.errors, ['Request body must be object']);
      for (const title of ['   ', 'x'.repeat(1025), 7]) {
        const res = await t.tq('PUT', `/api/events/${ev.id}`, { token, json: { title } });
        assert.equal(res.status, 400);
        assert.deepEqual(res.json.errors, ['Invalid value for body field title: is required and must be a non-empty string of at most 1024 characters']);
      }
      assert.equal((await t.tq('PUT', `/api/events/${ev.id}`, { token, json: { id: 5, title: 'y' } })).status, 400);
      assert.equal((await t.tq('GET', `/api/events/${ev.id}`, { token })).json.data.title, 'kept');
      assert.equal(await count('/api/events'), before + 1);
      assert.equal((await t.tq('GET', '/api/events', {})).status, 401);
    });

    it('keeps events and adversaries inside their organization', async () => {
      const ev = (await t.tq('POST', '/api/events', { token, json: { title: 'private', type: 'Malware' } })).json.data;
      const adv = (await t.tq('POST', '/api/adversaries', { token, json: { name: 'Private Bear' } })).json.data;
      for (const path of [`/api/events/${ev.id}`, `/api/adversaries/${adv.id}`]) {
        assert.equal((await t.tq('GET', path, { token: other.token })).status, 404);
        assert.equal((await t.tq('PUT', path, { token: other.token, json: { title: 'stolen', name: 'stolen' } })).status, 404);
        assert.equal((await t.tq('DELETE', path, { token: other.token })).status, 404);
      }
      assert.equal((await t.tq('GET', `/api/events/${ev.id}`, { token })).json.data.title, 'private');
      assert.equal((await t.tq('GET', `/api/adversaries/${adv.id}`, { token })).json.data.name, 'Private Bear');
      assert.equal(await count('/api/events', other.token), 0);
      assert.equal(await count('/api/adversaries', other.token), 0);
      // The same name in another organization is another adversary.
      const theirs = await t.tq('POST', '/api/adversaries', { token: other.token, json: { name: 'Private Bear' } });
      assert.equal(theirs.status, 201);
      assert.notEqual(theirs.json.data.id, adv.id);
    });

    it('upserts adversaries by name, updates, refuses a rename onto another name, and deletes', async () => {
      const first = await t.tq('POST', '/api/adversaries?with=sources', { token, json: { name: 'APT29', sources: [{ name: 'Feed A' }] } });
      assert.equal(first.status, 201, first.text);
      const id = first.json.data.id;
      const again = await t.tq('POST', '/api/adversaries?with=sources,attributes', {
        token,
        json: { name: 'apt29', description: [{ value: 'Cozy Bear' }], sources: [{ name: 'Feed B' }], attributes: [{ name: 'Country', value: 'RU' }] },
      });
      assert.equal(again.status, 201, again.text);
      assert.equal(again.json.data.id, id, 'same adversary');
      assert.equal(again.json.data.name, 'APT29', 'the first spelling stays');
      assert.equal(again.json.data.description, 'Cozy Bear');
      assert.deepEqual(again.json.data.sources.map((s: any) => s.name), ['Feed A', 'Feed B']);
      assert.equal(again.json.data.attributes[0].value, 'RU');

      const many = await t.tq('POST', '/api/adversaries', { token, json: [{ name: 'FIN7' }, { name: 'Lazarus' }] });
      assert.equal(many.json.total, 2);
      assert.equal((await t.tq('GET', '/api/adversaries?name=fin7', { token })).json.data[0].name, 'FIN7');

      const renamed = await t.tq('PUT', `/api/adversaries/${id}`, { token, json: { name: 'Cozy Bear', description: null } });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.json.data.name, 'Cozy Bear');
      assert.equal(renamed.json.data.description, null);
      const clash = await t.tq('PUT', `/api/adversaries/${id}`, { token, json: { name: 'fin7' } });
      assert.equal(clash.status, 409, clash.text);
      assert.equal((await t.tq('GET', `/api/adversaries/${id}`, { token })).json.data.name, 'Cozy Bear');

      for (const body of [{}, { name: '' }, { name: { x: 1 } }, { description: 5 }]) {
        const res = await t.tq('POST', '/api/adversaries', { token, json: body });
        assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.text}`);
      }
      assert.equal((await t.tq('PUT', `/api/adversaries/${id}`, { token, json: { tags: 'x' } })).status, 400);
      // One reason for a bad or missing name, on a create and an update alike (the words of tag and source names).
      const nameReason = 'must be a non-empty name of at most 255 characters';
      const worded: Array<[string, unknown, string]> = [
        ['POST', {}, `Invalid value for body field name: ${nameReason}`],
        ['POST', { name: 5 }, `Invalid value for body field name: ${nameReason}`],
        ['POST', { name: { name: 'x' } }, `Invalid value for body field name: ${nameReason}`],
        ['POST', { name: ' ' }, `Invalid value for body field name: ${nameReason}`],
        ['POST', [{ name: 'ok' }, { name: 'x'.repeat(256) }], `Invalid value for body field [1].name: ${nameReason}`],
        ['POST', [{ name: 'ok' }, {}], `Invalid value for body field [1].name: ${nameReason}`],
        ['POST', [{ name: 'ok' }, 5], 'Invalid value for body field [1]: must be an adversary object'],
        ['POST', 'text', 'Request body must be an adversary object or an array of them'],
        ['PUT', { name: { name: 'x' } }, `Invalid value for body field name: ${nameReason}`],
        ['PUT', { name: 5 }, `Invalid value for body field name: ${nameReason}`],
        ['PUT', { name: '' }, `Invalid value for body field name: ${nameReason}`],
        ['PUT', [], 'Request body must be object'],
      ];
      for (const [method, body, message] of worded) {
        const res = await t.tq(method, method === 'PUT' ? `/api/adversaries/${id}` : '/api/adversaries', { token, json: body });
        assert.deepEqual([res.status, res.json.errors], [400, [message]], `${method} ${JSON.stringify(body).slice(0, 60)}`);
      }

      assert.equal((await t.tq('DELETE', `/api/adversaries/${id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', `/api/adversaries/${id}`, { token })).status, 404);
    });

    it('relates objects both ways with pivot ids, shows them with with=, and unrelates them', async () => {
      const ind = (await t.tq('POST', '/api/indicators', { token, json: { value: 'rel.example.com', type: 'FQDN' } })).json.data[0];
      const ind2 = (await t.tq('POST', '/api/indicators', { token, json: { value: '203.0.113.9', type: 'IP Address' } })).json.data[0];
      const ev = (await t.tq('POST', '/api/events', { token, json: { title: 'related', type: 'Malware' } })).json.data;
      const adv = (await t.tq('POST', '/api/adversaries', { token, json: { name: 'Linked Panda' } })).json.data;

      // Demisto's {id} and the SDK's [{id}]
      const linked = await t.tq('POST', `/api/indicators/${ind.id}/events`, { token, json: { id: ev.id } });
      assert.equal(linked.status, 201, linked.text);
      assert.equal(linked.json.data[0].id, ev.id);
      const pivot = linked.json.data[0].pivot.id;
      assert.ok(Number.isInteger(pivot));
      const linkedAdv = await t.tq('POST', `/api/adversaries/${adv.id}/indicators`, { token, json: [{ id: ind.id }, { id: ind2.id }] });
      assert.equal(linkedAdv.status, 201, linkedAdv.text);
      assert.deepEqual(linkedAdv.json.data.map((i: any) => i.value), ['rel.example.com', '203.0.113.9']);
      assert.equal((await t.tq('POST', `/api/indicators/${ind.id}/indicators`, { token, json: [ind2.id] })).status, 201);

      // The other side sees the same relation and pivot.
      const fromEvent = await t.tq('GET', `/api/events/${ev.id}/indicators?with=sources,score`, { token });
      assert.equal(fromEvent.status, 200);
      assert.equal(fromEvent.json.total, 1);
      assert.equal(fromEvent.json.data[0].id, ind.id);
      assert.equal(fromEvent.json.data[0].pivot.id, pivot);
      assert.match(fromEvent.json.data[0].pivot.created_at, DATE);
      assert.deepEqual(fromEvent.json.data[0].sources, []);
      assert.ok(fromEvent.json.data[0].score);
      assert.equal((await t.tq('GET', `/api/indicators/${ind2.id}/indicators`, { token })).json.data[0].id, ind.id);

      // Relating again keeps the pivot.
      assert.equal((await t.tq('POST', `/api/events/${ev.id}/indicators`, { token, json: { id: ind.id } })).json.data[0].pivot.id, pivot);

      const full = await t.tq('GET', `/api/indicators/${ind.id}?with=events,adversaries,indicators,attachments`, { token });
      assert.equal(full.status, 200);
      assert.deepEqual(full.json.data.events.map((e: any) => [e.id, e.pivot.id]), [[ev.id, pivot]]);
      assert.deepEqual(full.json.data.adversaries.map((a: any) => a.name), ['Linked Panda']);
      assert.deepEqual(full.json.data.indicators.map((i: any) => i.id), [ind2.id]);
      assert.deepEqual(full.json.data.attachments, []);
      const page = await t.tq('GET', `/api/indicators?with=adversaries&sort=id`, { token });
      const byId = new Map(page.json.data.map((i: any) => [i.id, i]));
      assert.equal((byId.get(ind2.id) as any).adversaries[0].id, adv.id);
      const advWith = await t.tq('GET', `/api/adversaries/${adv.id}?with=indicators,events`, { token });
      assert.equal(advWith.json.data.indicators.length, 2);
      assert.deepEqual(advWith.json.data.events, []);
      const evList = await t.tq('GET', `/api/events?with=indicators`, { token });
      assert.equal(evList.json.data.find((e: any) => e.id === ev.id).indicators[0].id, ind.id);

      // Unrelate by pivot id (Demisto) and by the other object's id.
      const advPivots = (await t.tq('GET', `/api/indicators/${ind.id}/adversaries`, { token })).json.data.map((a: any) => a.pivot.id);
      assert.equal((await t.tq('DELETE', `/api/indicators/${ind.id}/adversaries`, { token, json: advPivots })).status, 204);
      assert.equal((await t.tq('GET', `/api/adversaries/${adv.id}/indicators`, { token })).json.total, 1);
      assert.equal((await t.tq('DELETE', `/api/events/${ev.id}/indicators/${ind.id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', `/api/indicators/${ind.id}/events`, { token })).json.total, 0);
      assert.equal((await t.tq('DELETE', `/api/events/${ev.id}/indicators/${ind.id}`, { token })).status, 404);

      // A (soft-)deleted indicator drops out of relation lists, and comes back with its relations when reported again.
      assert.equal((await t.tq('POST', `/api/events/${ev.id}/indicators`, { token, json: [ind2.id] })).status, 201);
      assert.equal((await t.tq('DELETE', `/api/indicators/${ind2.id}`, { token })).status, 204);
      const afterDelete = await t.tq('GET', `/api/events/${ev.id}/indicators`, { token });
      assert.deepEqual([afterDelete.json.total, afterDelete.json.data.length], [0, 0]);
      assert.equal((await t.tq('POST', `/api/events/${ev.id}/indicators`, { token, json: [ind2.id] })).status, 404, 'a deleted indicator cannot be related');
      await t.tq('POST', '/api/indicators', { token, json: { value: '203.0.113.9', type: 'IP Address' } });
      assert.deepEqual((await t.tq('GET', `/api/events/${ev.id}/indicators`, { token })).json.data.map((i: any) => i.id), [ind2.id]);

      // Deleting an object removes its relations.
      assert.equal((await t.tq('DELETE', `/api/adversaries/${adv.id}`, { token })).status, 204);
      assert.equal((await t.tq('GET', `/api/indicators/${ind2.id}/adversaries`, { token })).json.total, 0);
    });

    it('refuses bad relations (unknown ids, other organizations, self, bad bodies) and changes nothing', async () => {
      const ind = (await t.tq('POST', '/api/indicators', { token, json: { value: 'lonely.example.com', type: 'FQDN' } })).json.data[0];
      const ev = (await t.tq('POST', '/api/events', { token, json: { title: 'lonely', type: 'Malware' } })).json.data;
      const theirs = (await t.tq('POST', '/api/adversaries', { token: other.token, json: { name: 'Their Bear' } })).json.data;

      const unknown = await t.tq('POST', `/api/indicators/${ind.id}/events`, { token, json: [{ id: ev.id }, { id: 999999 }] });
      assert.equal(unknown.status, 404, unknown.text);
      assert.match(unknown.json.errors[0], /999999/);
      assert.equal((await t.tq('POST', `/api/indicators/${ind.id}/adversaries`, { token, json: { id: theirs.id } })).status, 404);
      assert.equal((await t.tq('POST', `/api/adversaries/${theirs.id}/indicators`, { token, json: { id: ind.id } })).status, 404);
      assert.equal((await t.tq('POST', `/api/adversaries/${theirs.id}/indicators`, { token: other.token, json: { id: ind.id } })).status, 404);
      assert.equal((await t.tq('GET', `/api/indicators/${ind.id}/events`, { token: other.token })).status, 404);
      assert.equal((await t.tq('POST', `/api/indicators/${ind.id}/indicators`, { token, json: { id: ind.id } })).status, 400);
      for (const body of [{}, [], { id: 'abc' }, [{ id: -1 }], [1.5], 'x']) {
        const res = await t.tq('POST', `/api/indicators/${ind.id}/events`, { token, json: body });
        assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.text}`);
      }
      assert.equal((await t.tq('GET', `/api/indicators/999999/events`, { token })).status, 404);
      assert.equal((await t.tq('GET', `/api/indicators/${ind.id}/events?with=bogus`, { token })).status, 400);
      assert.equal((await t.tq('GET', `/api/indicators/${ind.id}/events`, { token })).json.total, 0, 'nothing was linked');

      const ok = await t.tq('POST', `/api/indicators/${ind.id}/events`, { token, json: { id: ev.id } });
      const pivot = ok.json.data[0].pivot.id;
      // A pivot that is not this object's (or unknown) refuses the whole list.
      assert.equal((await t.tq('DELETE', `/api/indicators/${ind.id}/events`, { token, json: [pivot, 999999] })).status, 404);
      assert.equal((await t.tq('DELETE', `/api/indicators/${ind.id}/adversaries`, { token, json: [pivot] })).status, 404);
      assert.equal((await t.tq('DELETE', `/api/indicators/${ind.id}/events`, { token: other.token, json: [pivot] })).status, 404);
      assert.equal((await t.tq('GET', `/api/indicators/${ind.id}/events`, { token })).json.total, 1, 'still related');
    });

    it('lets readers look but not change', async () => {
      const reader = await otherOrganization(t, 'reader');
      for (const [path, body] of [['/api/events', { title: 'x', type: 'Malware' }], ['/api/adversaries', { name: 'x' }], ['/api/imports', { text: '10.1.1.1' }]] as const) {
        const res = await t.tq('POST', path, { token: reader.token, json: body });
        assert.equal(res.status, 403, `${path} → ${res.text}`);
      }
      assert.equal((await t.tq('GET', '/api/events', { token: reader.token })).status, 200);
      assert.equal(await count('/api/events', reader.token), 0);
      assert.equal(await count('/api/indicators', reader.token), 0);
    });

    it('documents the event, adversary, attachment, relation and import routes in /openapi.json', async () => {
      const doc = (await t.tq('GET', '/openapi.json')).json;
      for (const [path, method] of [
        ['/api/events', 'get'], ['/api/events', 'post'], ['/api/events/{id}', 'put'], ['/api/events/{id}', 'delete'], ['/api/event/types', 'get'],
        ['/api/adversaries', 'post'], ['/api/adversaries/{id}', 'get'],
        ['/api/attachments', 'post'], ['/api/attachments/{id}/download', 'get'], ['/api/attachments/types', 'get'],
        ['/api/indicators/{id}/events', 'post'], ['/api/events/{id}/adversaries', 'get'], ['/api/adversaries/{id}/attachments', 'delete'],
        ['/api/attachments/{id}/indicators/{otherId}', 'delete'], ['/api/imports', 'post'],
      ]) {
        const op = doc.paths[path!]?.[method!];
        assert.deepEqual(op?.tags, ['ThreatQ'], `${method} ${path}`);
        assert.deepEqual(op.security, [{ threatqBearer: [] }], `${method} ${path}`);
      }
    });
  });
}
