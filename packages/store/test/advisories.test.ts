import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreValidationError } from '../src/index.js';
import { DIALECTS, advisoryFixture } from '../src/testing.js';
import { T0, rawQuery, useStore } from './support.js';

let n = 0;
/** Advisory ids unique to one test, so tests sharing the (global) table never see each other's rows. */
const fresh = (tag: string) => `DEBIAN-CVE-${2000 + (n += 1)}-${tag}${process.pid}`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: advisories`, () => {
    const s = useStore(dialect);

    it('inserts, then re-importing the same content writes nothing, and a change updates', async () => {
      const [a, b] = [fresh('1'), fresh('2')];
      const first = await s.store.advisories.upsert([advisoryFixture(a), advisoryFixture(b)], T0);
      assert.deepEqual(first, { inserted: 2, updated: 0, unchanged: 0, withdrawn: 0, changedIds: [a, b] });
      // Key order of the input does not matter: the digest is over canonical JSON.
      const reordered = Object.fromEntries(Object.entries(advisoryFixture(a)).reverse()) as ReturnType<typeof advisoryFixture>;
      const again = await s.store.advisories.upsert([reordered, advisoryFixture(b)], T0 + 1000);
      assert.deepEqual(again, { inserted: 0, updated: 0, unchanged: 2, withdrawn: 0, changedIds: [] });
      const [row] = await rawQuery(s.url, `select updated_at from advisories where id = '${a}'`);
      assert.equal(Number(row!.updated_at), T0, 'nothing written');

      const changed = await s.store.advisories.upsert([advisoryFixture(a, { severity: 'critical' }), advisoryFixture(b)], T0 + 2000);
      assert.deepEqual(changed, { inserted: 0, updated: 1, unchanged: 1, withdrawn: 0, changedIds: [a] });
      assert.equal((await s.store.advisories.get(a))?.severity, 'critical');
      assert.deepEqual(await s.store.advisories.get(b), advisoryFixture(b));
      assert.equal(await s.store.advisories.get('no-such-advisory'), undefined);
    });

    it('finds non-withdrawn advisories by package name, narrowed by ecosystem family', async () => {
      const pkg = `libfoo${process.pid}x${(n += 1)}`;
      const affected = (ecosystem: string) => [{ ecosystem, name: pkg, ranges: [], versions: ['1.0'] }];
      const [deb, ubu, gone] = [fresh('d'), fresh('u'), fresh('w')];
      const result = await s.store.advisories.upsert([
        advisoryFixture(deb, { affected: affected('Debian:12') }),
        advisoryFixture(ubu, { affected: affected('Ubuntu:22.04:LTS') }),
        advisoryFixture(gone, { affected: affected('Debian:12'), withdrawn: '2024-03-01T00:00:00Z' }),
      ]);
      assert.equal(result.withdrawn, 1);
      const ids = async (eco: string[] | null) => (await s.store.advisories.forPackages(eco, [pkg, 'not-there'])).map((a) => a.id).sort();
      assert.deepEqual(await ids(null), [deb, ubu].sort());
      assert.deepEqual(await ids(['Debian']), [deb]);
      assert.deepEqual(await ids(['Debian:12']), [deb]);
      assert.deepEqual(await ids(['Debian:1']), [], 'a prefix that is not a whole family or release matches nothing');
      assert.deepEqual(await ids(['Ubuntu:22.04']), [ubu]);
      assert.equal((await s.store.advisories.get(gone))?.withdrawn, '2024-03-01T00:00:00Z', 'withdrawn ones stay readable');
    });

    it('an update replaces the package names it is found by', async () => {
      const [pkgA, pkgB] = [`old${process.pid}x${(n += 1)}`, `new${process.pid}x${n}`];
      const id = fresh('p');
      await s.store.advisories.upsert([advisoryFixture(id, { affected: [{ ecosystem: 'Debian:12', name: pkgA, ranges: [], versions: [] }] })]);
      await s.store.advisories.upsert([advisoryFixture(id, { affected: [{ ecosystem: 'Debian:12', name: pkgB, ranges: [], versions: [] }] })]);
      assert.deepEqual(await s.store.advisories.forPackages(null, [pkgA]), []);
      assert.deepEqual((await s.store.advisories.forPackages(null, [pkgB])).map((a) => a.id), [id]);
    });

    it('imports thousands in one call, lists them by id and counts them', async () => {
      const prefix = `BULK-${process.pid}-${(n += 1)}-`;
      const many = Array.from({ length: 1200 }, (_, i) => advisoryFixture(`${prefix}${String(i).padStart(5, '0')}`));
      const before = await s.store.advisories.count();
      assert.equal((await s.store.advisories.upsert(many)).inserted, 1200);
      assert.equal((await s.store.advisories.upsert(many)).unchanged, 1200);
      assert.equal(await s.store.advisories.count(), before + 1200);
      const seen: string[] = [];
      let after: string | undefined = `${prefix}`;
      do {
        const page = await s.store.advisories.list({ limit: 500, after });
        seen.push(...page.items.map((a) => a.id));
        after = page.next;
      } while (after !== undefined && after.startsWith(prefix));
      assert.deepEqual(seen.filter((id) => id.startsWith(prefix)), many.map((a) => a.id));
    });

    it('refuses malformed records and writes none of the batch', async () => {
      const good = fresh('g');
      const bad = { ...advisoryFixture(fresh('b')), severity: 'severe' } as unknown as ReturnType<typeof advisoryFixture>;
      await assert.rejects(s.store.advisories.upsert([advisoryFixture(good), bad]), (err: Error) => err instanceof StoreValidationError && /advisories\[1\]\.severity/.test(err.message));
      await assert.rejects(s.store.advisories.upsert([{ ...advisoryFixture(good), id: '' }]), StoreValidationError);
      await assert.rejects(s.store.advisories.upsert([{ ...advisoryFixture(good), affected: [{ ecosystem: '', name: 'x', ranges: [], versions: [] }] }]), StoreValidationError);
      assert.equal(await s.store.advisories.get(good), undefined);
    });
  });
}
