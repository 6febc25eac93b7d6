/**
 * `ThreatLibraryClient`'s resources beyond indicators, against a real server on both databases: events,
 * adversaries, attachments (multipart upload, download to a Buffer and a stream), relations, context
 * (sources, attributes, tags, comments), imports and exports, TAXII collections, the whitelist — each with
 * bad input, unknown ids, another organization's ids and a reader's writes as typed errors that change
 * nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { PASSWORD, startThreatq, type ThreatqServer } from '@vigil/server/testing/threatq';
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ThreatLibraryClient,
} from '../src/index.js';

const MAX_ATTACHMENT = 64 * 1024;

for (const dialect of DIALECTS) {
  describe(`SDK threat library objects (${dialect})`, () => {
    let t: ThreatqServer;
    let tq: ThreatLibraryClient;
    /** a member of the same organization with the reader role */
    let reader: ThreatLibraryClient;
    /** the owner of another organization */
    let other: ThreatLibraryClient;

    /** A user with a password (and, for another organization, its own OAuth client) to log in as. */
    async function memberClient(role: 'reader' | 'owner', orgId?: string): Promise<ThreatLibraryClient> {
      const store = t.server.store;
      const suffix = randomBytes(4).toString('hex');
      const org = orgId ?? (await store.organizations.create({ id: `org${suffix}`, name: `Other ${suffix}` })).id;
      const user = await store.users.create({ email: `${role}-${suffix}@example.com`, displayName: role });
      await store.memberships.upsert(org, user.id, role);
      await store.passwords.set(user.id, PASSWORD);
      const clientId = orgId ? t.clientId : (await store.oauth.createClient({ orgId: org, userId: user.id, name: 'Other' })).client.id;
      return new ThreatLibraryClient({ baseUrl: t.server.url, email: user.email, password: PASSWORD, clientId, maxRetries: 0 });
    }

    before(async () => {
      t = await startThreatq(dialect, { threatq: { attachmentMaxBytes: MAX_ATTACHMENT } });
      tq = new ThreatLibraryClient({ baseUrl: t.server.url, email: t.email, password: PASSWORD, clientId: t.clientId, maxRetries: 0 });
      reader = await memberClient('reader', t.server.creds.orgId);
      other = await memberClient('owner');
    });
    after(() => t.close());

    it('creates, lists page by page, retrieves, updates and deletes events; reads the event types', async () => {
      const types = await tq.events.types();
      assert.equal(types.length, 14);
      assert.deepEqual(types[0], { id: 1, name: 'Spearphish' });

      const one = await tq.events.create({ title: 'Phishing wave', type: 'Spearphish', happened_at: '2026-11-30 08:00:00', tags: ['q4'] }, { with: ['type', 'tags'] });
      assert.equal(one.title, 'Phishing wave');
      assert.equal(one.type?.name, 'Spearphish');
      assert.equal(one.happened_at, '2026-11-30 08:00:00');
      assert.deepEqual(one.tags?.map((x) => x.name), ['q4']);
      const many = await tq.events.create([{ title: 'Beacon', type: 'Malware' }, { title: 'Exfil', type_id: 9 }]);
      assert.equal(many.total, 2);
      assert.deepEqual(many.data.map((e) => e.type_id), [5, 9]);

      const first = await tq.events.list({ limit: 2, sort: 'id' });
      assert.equal(first.items.length, 2);
      assert.equal(first.raw.total, 3);
      const titles: string[] = [];
      for await (const e of tq.events.list({ limit: 2, sort: 'id' })) titles.push(e.title);
      assert.deepEqual(titles, ['Phishing wave', 'Beacon', 'Exfil']);
      assert.deepEqual((await tq.events.list({ type: 'Malware' }).toArray({ limit: 10 })).map((e) => e.title), ['Beacon']);
      assert.deepEqual((await tq.events.list({ type: 9 }).toArray({ limit: 10 })).map((e) => e.title), ['Exfil']);

      const updated = await tq.events.update(one.id, { description: 'contained', comments: ['closed by IR'] }, { with: ['comments'] });
      assert.equal(updated.description, 'contained');
      assert.deepEqual(updated.comments?.map((c) => c.value), ['closed by IR']);
      assert.equal((await tq.events.retrieve(one.id)).description, 'contained');

      const custom = await tq.events.createType({ name: 'Tabletop exercise' });
      assert.ok(custom.id >= 15);
      assert.equal((await tq.events.create({ title: 'Drill', type: 'tabletop exercise' }, { with: ['type'] })).type?.name, 'Tabletop exercise');
      assert.ok((await tq.events.types()).some((x) => x.id === custom.id));
      await assert.rejects(tq.events.createType({ name: 'MALWARE' }), ConflictError);
      await assert.rejects(reader.events.createType({ name: 'Reader type' }), PermissionDeniedError);
      assert.ok(!(await other.events.types()).some((x) => x.id === custom.id), 'custom types belong to the organization');

      await tq.events.delete(many.data[1]!.id);
      await assert.rejects(tq.events.retrieve(many.data[1]!.id), NotFoundError);
      await assert.rejects(tq.events.delete(many.data[1]!.id), NotFoundError);
    });

    it('refuses bad events, unknown ids, other organizations and readers, changing nothing', async () => {
      const before = (await tq.events.list({ limit: 1 })).raw.total;
      await assert.rejects(tq.events.create({ title: 'x', type: 'Nonsense' }), (err: unknown) => err instanceof BadRequestError && /event type/.test(err.message));
      await assert.rejects(tq.events.create([{ title: 'ok', type: 'Malware' }, { title: '', type: 'Malware' }]), (err: unknown) => err instanceof BadRequestError && /\[1\]\.title/.test(err.message));
      await assert.rejects(tq.events.update(999_999, { title: 'y' }), NotFoundError);
      await assert.rejects(tq.events.list({ sort: 'nope' }), BadRequestError);
      await assert.rejects(reader.events.create({ title: 'r', type: 'Malware' }), PermissionDeniedError);
      const mine = await tq.events.create({ title: 'Mine', type: 'Incident' });
      await assert.rejects(other.events.retrieve(mine.id), NotFoundError);
      await assert.rejects(other.events.update(mine.id, { title: 'stolen' }), NotFoundError);
      await assert.rejects(other.events.delete(mine.id), NotFoundError);
      assert.equal((await reader.events.retrieve(mine.id)).title, 'Mine', 'readers read');
      assert.equal((await tq.events.list({ limit: 1 })).raw.total, before + 1);
      await assert.rejects(tq.events.retrieve(0), TypeError);
    });

    it('manages adversaries: upsert by name, rename conflicts, delete', async () => {
      const apt = await tq.adversaries.create({ name: 'APT 99', description: 'seen in Q3', sources: [{ name: 'Vendor' }] }, { with: ['sources'] });
      assert.equal(apt.name, 'APT 99');
      assert.deepEqual(apt.sources?.map((s) => s.name), ['Vendor']);
      const again = await tq.adversaries.create({ name: 'apt 99', tags: ['state'] }, { with: ['tags'] });
      assert.equal(again.id, apt.id, 'same name ignoring case is the same adversary');
      const both = await tq.adversaries.create([{ name: 'FIN 1' }, { name: 'FIN 2' }]);
      assert.equal(both.total, 2);
      assert.deepEqual((await tq.adversaries.list({ name: 'fin 1' }).toArray({ limit: 5 })).map((a) => a.name), ['FIN 1']);
      assert.equal((await tq.adversaries.update(apt.id, { description: 'updated' })).description, 'updated');
      await assert.rejects(tq.adversaries.update(apt.id, { name: 'FIN 1' }), ConflictError);
      assert.equal((await tq.adversaries.retrieve(apt.id)).name, 'APT 99');
      await assert.rejects(other.adversaries.retrieve(apt.id), NotFoundError);
      await assert.rejects(reader.adversaries.delete(apt.id), PermissionDeniedError);
      await tq.adversaries.delete(both.data[1]!.id);
      await assert.rejects(tq.adversaries.retrieve(both.data[1]!.id), NotFoundError);
      await assert.rejects(tq.adversaries.create({ name: '' }), BadRequestError);
    });

    it('uploads, lists, downloads (Buffer and stream), updates and deletes attachments', async () => {
      const types = await tq.attachments.types();
      assert.equal(types.find((x) => x.id === 14)?.name, 'Malware Sample');
      const bytes = Buffer.concat([Buffer.from([0, 1, 2, 255, 254]), randomBytes(2000)]);
      const file = await tq.attachments.upload({ file: bytes, name: 'dropper ü.bin', type: 'Malware Sample', title: 'Dropper', malwareLocked: true }, { with: ['type'] });
      assert.equal(file.name, 'dropper ü.bin');
      assert.equal(file.malware_locked, 1);
      assert.equal(file.file_size, bytes.length);
      assert.equal(file.type?.name, 'Malware Sample');
      const text = await tq.attachments.upload({ file: 'plain notes', name: 'notes.txt', type: 6, contentType: 'text/plain' });
      assert.equal(text.malware_locked, 0);
      assert.equal(text.type_id, 6);

      const downloaded = await tq.attachments.download(file.id);
      assert.ok(downloaded.data.equals(bytes), 'the exact bytes come back');
      assert.equal(downloaded.name, 'dropper ü.bin');
      assert.equal(downloaded.malwareLocked, true);
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (c) => chunks.push(c));
      const meta = await tq.attachments.downloadTo(text.id, sink);
      assert.equal(Buffer.concat(chunks).toString('utf8'), 'plain notes');
      assert.deepEqual(meta, { name: 'notes.txt', malwareLocked: false, size: 11 });

      assert.deepEqual((await tq.attachments.list({ sort: 'id' }).toArray({ limit: 10 })).map((f) => f.id), [file.id, text.id]);
      const updated = await tq.attachments.update(text.id, { title: 'Notes', malware_locked: true, type: 'PDF' });
      assert.equal(updated.title, 'Notes');
      assert.equal(updated.malware_locked, 1);
      assert.equal((await tq.attachments.retrieve(text.id)).type_id, 18);

      const total = (await tq.attachments.list()).raw.total;
      await assert.rejects(tq.attachments.upload({ file: Buffer.alloc(MAX_ATTACHMENT + 1), name: 'big.bin', type: 'PCAP' }), PayloadTooLargeError);
      await assert.rejects(tq.attachments.upload({ file: 'x', name: 'x.txt', type: 'Nonsense' }), BadRequestError);
      await assert.rejects(reader.attachments.upload({ file: 'x', name: 'x.txt', type: 'PDF' }), PermissionDeniedError);
      await assert.rejects(other.attachments.download(file.id), NotFoundError);
      assert.equal((await tq.attachments.list()).raw.total, total, 'refused uploads stored nothing');

      const chunked = await tq.attachments.uploadInChunks(
        { file: bytes, name: 'chunked.bin', type: 'Malware Sample', malwareLocked: true },
        { chunkBytes: 700, tags: ['chunked'], sources: [{ name: 'Sandbox' }], with: ['tags', 'sources'] },
      );
      assert.equal(chunked.file_size, bytes.length);
      assert.equal(chunked.malware_locked, 1);
      assert.deepEqual(chunked.tags?.map((x) => x.name), ['chunked']);
      assert.ok((await tq.attachments.download(chunked.id)).data.equals(bytes), 'the chunks are assembled in order');
      await assert.rejects(tq.attachments.uploadInChunks({ file: Buffer.alloc(MAX_ATTACHMENT + 1), name: 'big2.bin', type: 'PCAP' }, { chunkBytes: 40_000 }), PayloadTooLargeError);
      await assert.rejects(reader.attachments.uploadInChunks({ file: 'x', name: 'r.txt', type: 'PDF' }), PermissionDeniedError);
      await tq.attachments.delete(chunked.id);

      const fref = { kind: 'attachments', id: file.id } as const;
      assert.deepEqual((await tq.context.add(fref, 'comments', ['detonated'])).map((c) => c.value), ['detonated']);
      assert.deepEqual((await tq.context.add(fref, 'attributes', [{ name: 'Family', value: 'x' }])).map((a) => a.name), ['Family']);
      assert.deepEqual((await tq.context.add(fref, 'tags', ['sample'])).map((x) => x.name), ['sample']);
      const [source] = await tq.context.add(fref, 'sources', [{ name: 'Sandbox', tlp: 'RED' }]);
      assert.equal(source!.name, 'Sandbox');
      await tq.context.remove(fref, 'sources', source!.pivot!.id);
      assert.deepEqual(await tq.context.list(fref, 'sources'), []);
      await assert.rejects(other.context.list(fref, 'tags'), NotFoundError);

      await tq.attachments.delete(text.id);
      await assert.rejects(tq.attachments.download(text.id), NotFoundError);
    });

    it('links, lists and unlinks relations in both directions, by id and by pivot', async () => {
      const [ind] = (await tq.indicators.create([{ value: 'rel.example', type: 'FQDN' }])).data;
      const event = await tq.events.create({ title: 'Related', type: 'Incident' });
      const a1 = await tq.adversaries.create({ name: 'Rel A' });
      const a2 = await tq.adversaries.create({ name: 'Rel B' });
      const from = { kind: 'indicators', id: ind!.id } as const;

      const linked = await tq.relations.link(from, 'adversaries', [a1.id, a2.id]);
      assert.deepEqual(linked.map((a) => a.name).sort(), ['Rel A', 'Rel B']);
      assert.ok(linked.every((a) => typeof a.pivot.id === 'number'));
      await tq.relations.link({ kind: 'events', id: event.id }, 'indicators', [ind!.id]);
      assert.deepEqual((await tq.relations.list({ kind: 'adversaries', id: a1.id }, 'indicators').toArray({ limit: 10 })).map((i) => i.value), ['rel.example']);
      assert.deepEqual((await tq.relations.list(from, 'events').toArray({ limit: 10 })).map((e) => e.title), ['Related']);

      await assert.rejects(tq.relations.link(from, 'adversaries', [a1.id, 999_999]), NotFoundError);
      await assert.rejects(other.relations.list(from, 'adversaries'), NotFoundError);
      await assert.rejects(reader.relations.link(from, 'events', [event.id]), PermissionDeniedError);
      assert.throws(() => tq.relations.list({ kind: 'nope' as any, id: 1 }, 'events'), TypeError);

      await tq.relations.unlink(from, 'adversaries', a1.id);
      await assert.rejects(tq.relations.unlink(from, 'adversaries', a1.id), NotFoundError);
      const pivot = linked.find((a) => a.id === a2.id)!.pivot.id;
      await assert.rejects(tq.relations.unlinkPivots(from, 'adversaries', [pivot, 999_999]), NotFoundError);
      assert.equal((await tq.relations.list(from, 'adversaries')).items.length, 1, 'a partly wrong pivot list removes nothing');
      await tq.relations.unlinkPivots(from, 'adversaries', [pivot]);
      assert.equal((await tq.relations.list(from, 'adversaries')).items.length, 0);
    });

    it('lists, adds and removes context of indicators, events and adversaries', async () => {
      const [ind] = (await tq.indicators.create([{ value: 'ctx.example', type: 'FQDN' }])).data;
      const ref = { kind: 'indicators', id: ind!.id } as const;
      const sources = await tq.context.add(ref, 'sources', ['Feed X', { name: 'Feed Y', tlp: { name: 'AMBER' } }]);
      assert.deepEqual(sources.map((s) => s.name).sort(), ['Feed X', 'Feed Y']);
      const tags = await tq.context.add(ref, 'tags', ['ctx']);
      assert.deepEqual(tags.map((x) => x.name), ['ctx']);
      const [attribute] = await tq.context.add(ref, 'attributes', [{ name: 'Severity', value: 'low' }]);
      assert.equal((await tq.context.updateAttribute(ref, attribute!.id, 'high')).value, 'high');
      const comments = await tq.context.add(ref, 'comments', ['first', { value: 'second' }]);
      assert.deepEqual(comments.map((c) => c.value), ['first', 'second']);
      await tq.context.remove(ref, 'tags', tags[0]!.pivot!.id);
      assert.deepEqual(await tq.context.list(ref, 'tags'), []);
      await tq.context.remove(ref, 'comments', comments[0]!.id);
      assert.deepEqual((await tq.context.list(ref, 'comments')).map((c) => c.value), ['second']);
      await assert.rejects(tq.context.remove(ref, 'attributes', 999_999), NotFoundError);
      await assert.rejects(tq.context.add(ref, 'attributes', [{ name: 'No value' } as any]), BadRequestError);
      await assert.rejects(other.context.list(ref, 'sources'), NotFoundError);
      await assert.rejects(reader.context.add(ref, 'tags', ['nope']), PermissionDeniedError);

      const event = await tq.events.create({ title: 'Ctx', type: 'Sighting' });
      const eref = { kind: 'events', id: event.id } as const;
      assert.deepEqual(await tq.context.list(eref, 'tags'), []);
      assert.deepEqual((await tq.context.add(eref, 'tags', ['a', { name: 'b' }])).map((x) => x.name).sort(), ['a', 'b']);
      assert.deepEqual((await tq.context.add(eref, 'attributes', [{ name: 'Actor', value: 'x' }])).map((x) => x.value), ['x']);
      const adv = await tq.adversaries.create({ name: 'Ctx Adv' });
      assert.deepEqual((await tq.context.add({ kind: 'adversaries', id: adv.id }, 'comments', ['noted'])).map((c) => c.value), ['noted']);
      await assert.rejects(tq.context.list({ kind: 'events', id: 999_999 }, 'tags'), NotFoundError);
      await assert.rejects(reader.context.add(eref, 'tags', ['nope']), PermissionDeniedError);
      assert.deepEqual((await tq.context.list(eref, 'tags')).map((x) => x.name).sort(), ['a', 'b']);
    });

    it('imports free text and STIX bundles, and exports STIX and CSV', async () => {
      const text = await tq.imports.text({ text: 'C2 at 203.0.113[.]77 and hxxps://stix-src[.]example/p', import_source: 'IR notes', tags: ['ir'] });
      assert.equal(text.found, 2);
      assert.equal(text.created, 2);
      const bundle = {
        type: 'bundle',
        id: 'bundle--6f1c1f58-7c3c-4b59-9a8f-3d3d6d5b0d11',
        objects: [
          { type: 'indicator', spec_version: '2.1', id: 'indicator--1d5b1d1c-1a1c-4b1c-9b1c-1c1c1c1c1c1c', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', pattern: "[domain-name:value = 'stix-in.example']", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00Z' },
          { type: 'malware', spec_version: '2.1', id: 'malware--2d5b1d1c-1a1c-4b1c-9b1c-1c1c1c1c1c1c', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', name: 'x', is_family: false },
        ],
      };
      const stix = await tq.imports.stix(bundle, { source: 'Partner', status: 'Active' });
      assert.deepEqual(stix.data.map((i) => i.value), ['stix-in.example']);
      assert.equal(stix.skipped.length, 1);
      await assert.rejects(tq.imports.stix({ type: 'nope' }), BadRequestError);
      await assert.rejects(reader.imports.text({ text: '198.51.100.1' }), PermissionDeniedError);

      const job = await tq.imports.stage({ text: 'staged 198.51.100.61 and hxxps://staged-sdk[.]example/p', import_source: 'Staged' });
      assert.equal(job.status, 'pending');
      assert.equal(job.indicator_count, 2);
      assert.deepEqual((await tq.imports.pending(job.id)).map((i) => i.value).sort(), ['198.51.100.61', 'https://staged-sdk.example/p']);
      assert.equal((await tq.indicators.list({ value: '198.51.100.61' })).raw.total, 0, 'nothing stored before the commit');
      assert.equal((await tq.imports.configure(job.id, { indicator_global_status: 'Active', normalize: true })).indicator_global_status, 1);
      await assert.rejects(reader.imports.commit(job.id), PermissionDeniedError);
      await assert.rejects(other.imports.job(job.id), NotFoundError);
      const committed = await tq.imports.commit(job.id);
      assert.equal(committed.status, 'committed');
      assert.equal(committed.created, 2);
      assert.equal((await tq.indicators.list({ value: '198.51.100.61', with: ['status', 'sources'] })).items[0]?.status?.name, 'Active');
      await assert.rejects(tq.imports.commit(job.id), ConflictError);
      await assert.rejects(tq.imports.configure(job.id, { import_source: 'late' }), ConflictError);
      const discarded = await tq.imports.stage({ text: '198.51.100.62' });
      await tq.imports.discard(discarded.id);
      await assert.rejects(tq.imports.job(discarded.id), NotFoundError);
      await assert.rejects(tq.imports.stage({ attachment_id: 999_999 }), NotFoundError);

      const exported = await tq.exports.stix({ value: 'stix-in.example' });
      assert.equal(exported.type, 'bundle');
      assert.ok(exported.objects.some((o) => o.type === 'indicator' && /stix-in\.example/.test(o.pattern)));
      const csv = await tq.exports.csv({ type: 'IP Address' });
      assert.match(csv, /^id,value,type,status/);
      assert.match(csv, /203\.0\.113\.77/);
      await assert.rejects(tq.exports.csv({ type: 'Nonsense' }), BadRequestError);
    });

    it('manages TAXII collections (owners) and the whitelist', async () => {
      const created = await tq.taxiiCollections.create({ title: 'Active FQDNs', type: 'FQDN', status: 'Active', description: 'for the SIEM' });
      assert.equal(created.can_write, false);
      assert.equal((await tq.taxiiCollections.update(created.id, { can_write: true })).can_write, true);
      await assert.rejects(reader.taxiiCollections.update(created.id, { can_write: false }), PermissionDeniedError);
      await assert.rejects(other.taxiiCollections.update(created.id, { can_write: false }), NotFoundError);
      assert.equal((await tq.taxiiCollections.list())[0]!.can_write, true);
      assert.equal(created.type_id, (await tq.indicators.types()).find((x) => x.name === 'FQDN')!.id);
      assert.match(created.url, new RegExp(`/collections/${created.id}/$`));
      assert.deepEqual((await reader.taxiiCollections.list()).map((c) => c.id), [created.id], 'members list');
      await assert.rejects(reader.taxiiCollections.create({ title: 'nope' }), PermissionDeniedError);
      await assert.rejects(tq.taxiiCollections.create({ title: 'bad', type: 'Nonsense' }), BadRequestError);
      assert.deepEqual(await other.taxiiCollections.list(), []);
      await assert.rejects(other.taxiiCollections.delete(created.id), NotFoundError);
      await tq.taxiiCollections.delete(created.id);
      await assert.rejects(tq.taxiiCollections.delete(created.id), NotFoundError);
      assert.deepEqual(await tq.taxiiCollections.list(), []);

      const added = await tq.whitelist.add([{ value: '10.0.0.0/8', note: 'internal' }, 'cdn.example']);
      assert.equal(added.total, 2);
      assert.deepEqual(added.data.map((e) => e.kind), ['cidr', 'value']);
      assert.deepEqual(await tq.whitelist.check(['10.1.2.3', 'cdn.example', 'evil.example']), { '10.1.2.3': true, 'cdn.example': true, 'evil.example': false });
      await assert.rejects(tq.whitelist.add({ value: 'not-an-ip', type: 'IP Address' }), BadRequestError);
      await assert.rejects(reader.whitelist.add('192.0.2.1'), PermissionDeniedError);
      assert.equal((await tq.whitelist.list()).length, 2);
      await assert.rejects(other.whitelist.remove(added.data[0]!.id), NotFoundError);
      await tq.whitelist.remove(added.data[0]!.id);
      await assert.rejects(tq.whitelist.remove(added.data[0]!.id), NotFoundError);
      assert.deepEqual((await tq.whitelist.list()).map((e) => e.value), ['cdn.example']);
    });
  });
}
