import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError, StoreNotFoundError, StoreValidationError, type NewRule, type Store } from '../src/index.js';
import { initial } from '../src/migrations/0001-initial.js';
import { ruleDetails } from '../src/migrations/0002-rule-details.js';
import { ruleAppliesTo } from '../src/repos/rulesets.js';
import { createTestDatabase, DIALECTS } from '../src/testing.js';
import { T0, agentInput, bareKysely, newOrg, useStore } from './support.js';

function rule(orgId: string, rulesetId: string, over: Partial<NewRule> = {}): NewRule {
  return {
    orgId,
    rulesetId,
    name: 'Curl executed',
    type: 'Host',
    title: 'Curl executed by {{user}}',
    severityOfAlerts: 2,
    alertDescription: 'A download tool ran',
    aggregateFields: ['user', 'exe'],
    filter: 'event_type = "audit" and exe = "/usr/bin/curl"',
    window: 3600,
    threshold: 1,
    suppressions: ['user = "deploy"'],
    enabled: true,
    ...over,
  };
}

const tag = (key: string, value: string, source = '') => ({ source, key, value });

describe('ruleAppliesTo', () => {
  const agent = [tag('env', 'prod', 'ec2'), tag('role', 'web', 'ec2')];
  const cases: Array<[string, Parameters<typeof ruleAppliesTo>[0], boolean]> = [
    ['no tags: every agent', { inclusion: [], exclusion: [] }, true],
    ['an inclusion tag the agent has', { inclusion: [tag('env', 'prod')], exclusion: [] }, true],
    ['any of several inclusion tags', { inclusion: [tag('env', 'dev'), tag('role', 'web')], exclusion: [] }, true],
    ['no inclusion tag present', { inclusion: [tag('env', 'dev')], exclusion: [] }, false],
    ['key matches but value differs', { inclusion: [tag('env', 'Prod')], exclusion: [] }, false],
    ['source must match when given', { inclusion: [tag('env', 'prod', 'azure')], exclusion: [] }, false],
    ['matching source', { inclusion: [tag('env', 'prod', 'ec2')], exclusion: [] }, true],
    ['excluded', { inclusion: [], exclusion: [tag('role', 'web')] }, false],
    ['included and excluded', { inclusion: [tag('env', 'prod')], exclusion: [tag('role', 'web', 'ec2')] }, false],
    ['exclusion tag absent', { inclusion: [tag('env', 'prod')], exclusion: [tag('role', 'db')] }, true],
  ];
  for (const [name, tags, expected] of cases) {
    it(name, () => assert.equal(ruleAppliesTo(tags, agent), expected));
  }
  it('an agent without tags gets only rules without inclusion tags', () => {
    assert.equal(ruleAppliesTo({ inclusion: [], exclusion: [tag('a', 'b')] }, []), true);
    assert.equal(ruleAppliesTo({ inclusion: [tag('a', 'b')], exclusion: [] }, []), false);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: rulesets API storage`, () => {
    const s = useStore(dialect);

    async function ruleIds(store: Store, org: string, rulesetId: string) {
      return (await store.rulesets.listRules(org, rulesetId)).map((r) => r.id);
    }

    it('keeps ruleset names unique per org, trimmed and case-insensitively', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const base = await s.store.rulesets.create({ orgId: org, name: 'Base Rule Set', description: '' });
      await assert.rejects(s.store.rulesets.create({ orgId: org, name: 'base rule set', description: '' }), StoreConflictError);
      await assert.rejects(s.store.rulesets.create({ orgId: org, name: ' BASE RULE SET ', description: '' }), StoreConflictError);
      await assert.rejects(s.store.rulesets.createWithRules({ orgId: org, name: 'BASE rule set', description: '' }, []), StoreConflictError);
      assert.ok(await s.store.rulesets.create({ orgId: other, name: 'Base Rule Set', description: '' }));
      assert.deepEqual(await s.store.rulesets.getByName(org, 'bAsE rUlE sEt'), base);
      assert.equal(await s.store.rulesets.getByName(org, 'Base'), undefined);
      assert.equal((await s.store.rulesets.list(org)).length, 1);
    });

    it('stores File-rule details and tags, with defaults for rules created without them', async () => {
      const org = await newOrg(s.store);
      const rs = await s.store.rulesets.create({ orgId: org, name: 'Files', description: '' });
      const host = await s.store.rulesets.createRule(rule(org, rs.id, { createdAt: T0 }));
      assert.equal('fileIntegrityPaths' in host || 'tags' in host, false, 'a plain Host rule reads back as written');
      const file = await s.store.rulesets.createRule(
        rule(org, rs.id, {
          type: 'File',
          aggregateFields: ['filename'],
          fileIntegrityPaths: [{ path: '/etc', recursive: true }],
          ignoreFiles: ['/etc/mtab'],
          eventsToMonitor: ['modify', 'delete'],
          tags: { inclusion: [{ source: 'ec2', key: 'env', value: 'prod' }], exclusion: [] },
        }),
      );
      const read = await s.store.rulesets.getRule(org, file.id);
      assert.deepEqual(read, file);
      assert.deepEqual(read?.fileIntegrityPaths, [{ path: '/etc', recursive: true }]);
      assert.deepEqual(read?.ignoreFiles, ['/etc/mtab']);
      assert.deepEqual(read?.eventsToMonitor, ['modify', 'delete']);
      assert.deepEqual(read?.tags, { inclusion: [{ source: 'ec2', key: 'env', value: 'prod' }], exclusion: [] });
      const bareFile = await s.store.rulesets.createRule(rule(org, rs.id, { type: 'File', filter: '' }));
      assert.deepEqual(
        [bareFile.fileIntegrityPaths, bareFile.ignoreFiles, bareFile.eventsToMonitor, bareFile.tags],
        [[], [], [], undefined],
      );
    });

    it('creates a ruleset with rules moved in from other rulesets, atomically', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '', createdAt: T0 });
      const r1 = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 }));
      const r2 = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 + 1 }));
      const theirs = await s.store.rulesets.create({ orgId: other, name: 'Theirs', description: '' });
      const foreign = await s.store.rulesets.createRule(rule(other, theirs.id));

      await assert.rejects(
        s.store.rulesets.createWithRules({ orgId: org, name: 'B', description: '' }, [r1.id, 'nope', foreign.id]),
        (err: Error) => err instanceof StoreNotFoundError && /nope/.test(err.message) && err.message.includes(foreign.id),
      );
      assert.equal(await s.store.rulesets.getByName(org, 'B'), undefined, 'no ruleset left behind');
      assert.deepEqual(await ruleIds(s.store, org, a.id), [r1.id, r2.id]);
      assert.equal((await s.store.rulesets.getRule(other, foreign.id))?.rulesetId, theirs.id);

      const created = await s.store.rulesets.createWithRules({ orgId: org, name: 'B', description: 'd' }, [r2.id, r2.id]);
      assert.deepEqual(created.movedRuleIds, [r2.id]);
      assert.deepEqual(created.deletedRuleIds, []);
      assert.deepEqual(await ruleIds(s.store, org, created.ruleset.id), [r2.id]);
      assert.deepEqual(await ruleIds(s.store, org, a.id), [r1.id]);
      assert.ok((await s.store.rulesets.get(org, a.id))!.updatedAt > T0, 'the ruleset a rule left is touched');
      const moved = await s.store.rulesets.getRule(org, r2.id);
      assert.equal(moved?.createdAt, T0 + 1);
      assert.ok(moved!.updatedAt > T0 + 1);
    });

    it('updates a ruleset: ruleIds is the set of its rules, omitted keeps them', async () => {
      const org = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: 'a', createdAt: T0 });
      const b = await s.store.rulesets.create({ orgId: org, name: 'B', description: 'b', createdAt: T0 });
      const a1 = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 }));
      const a2 = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 + 1 }));
      const b1 = await s.store.rulesets.createRule(rule(org, b.id, { createdAt: T0 + 2 }));

      const renamed = await s.store.rulesets.update(org, a.id, { name: 'A2', description: 'new' });
      assert.deepEqual(renamed?.movedRuleIds, []);
      assert.deepEqual(renamed?.deletedRuleIds, []);
      assert.equal(renamed?.ruleset.name, 'A2');
      assert.equal(renamed?.ruleset.createdAt, T0);
      assert.ok(renamed!.ruleset.updatedAt > T0);
      assert.deepEqual(await s.store.rulesets.get(org, a.id), renamed?.ruleset);
      assert.deepEqual(await ruleIds(s.store, org, a.id), [a1.id, a2.id]);

      const set = await s.store.rulesets.update(org, a.id, { ruleIds: [a2.id, b1.id] });
      assert.deepEqual(set?.movedRuleIds, [b1.id]);
      assert.deepEqual(set?.deletedRuleIds, [a1.id]);
      assert.deepEqual(await ruleIds(s.store, org, a.id), [a2.id, b1.id]);
      assert.deepEqual(await ruleIds(s.store, org, b.id), []);
      assert.equal(await s.store.rulesets.getRule(org, a1.id), undefined);
      assert.equal(set?.ruleset.name, 'A2', 'name unchanged when omitted');

      const emptied = await s.store.rulesets.update(org, a.id, { ruleIds: [] });
      assert.deepEqual(emptied?.deletedRuleIds, [a2.id, b1.id]);
      assert.deepEqual(await ruleIds(s.store, org, a.id), []);
    });

    it('refuses an update that would duplicate a name or name unknown rules, changing nothing', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: 'a' });
      await s.store.rulesets.create({ orgId: org, name: 'B', description: 'b' });
      const a1 = await s.store.rulesets.createRule(rule(org, a.id));
      const theirs = await s.store.rulesets.create({ orgId: other, name: 'T', description: '' });
      const t1 = await s.store.rulesets.createRule(rule(other, theirs.id));
      const before = await s.store.rulesets.get(org, a.id);

      await assert.rejects(s.store.rulesets.update(org, a.id, { name: ' b ', ruleIds: [] }), StoreConflictError);
      await assert.rejects(s.store.rulesets.update(org, a.id, { name: 'A3', ruleIds: [t1.id] }), StoreNotFoundError);
      assert.deepEqual(await s.store.rulesets.get(org, a.id), before);
      assert.deepEqual(await ruleIds(s.store, org, a.id), [a1.id]);
      assert.equal((await s.store.rulesets.getRule(other, t1.id))?.rulesetId, theirs.id);
      assert.equal(await s.store.rulesets.update(other, a.id, { name: 'stolen' }), undefined);
      assert.equal(await s.store.rulesets.update(org, 'nope', { name: 'x' }), undefined);
      // Renaming to itself in another case is not a conflict.
      assert.equal((await s.store.rulesets.update(org, a.id, { name: 'a' }))?.ruleset.name, 'a');
    });

    it('deletes a ruleset with its rules, only within the org', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '' });
      const r = await s.store.rulesets.createRule(rule(org, a.id));
      assert.equal(await s.store.rulesets.delete(other, a.id), false);
      assert.ok(await s.store.rulesets.get(org, a.id));
      assert.equal(await s.store.rulesets.delete(org, a.id), true);
      assert.equal(await s.store.rulesets.get(org, a.id), undefined);
      assert.equal(await s.store.rulesets.getRule(org, r.id), undefined);
      assert.equal(await s.store.rulesets.delete(org, a.id), false);
      // The name is free again.
      assert.ok(await s.store.rulesets.create({ orgId: org, name: 'a', description: '' }));
    });

    it('lists rule ids per ruleset and finds existing rule ids', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '' });
      const b = await s.store.rulesets.create({ orgId: org, name: 'B', description: '' });
      const empty = await s.store.rulesets.create({ orgId: org, name: 'E', description: '' });
      const a1 = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 + 5 }));
      const a2 = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 }));
      const b1 = await s.store.rulesets.createRule(rule(org, b.id));
      const all = await s.store.rulesets.ruleIdsByRuleset(org);
      assert.deepEqual(all.get(a.id), [a2.id, a1.id]);
      assert.deepEqual(all.get(b.id), [b1.id]);
      assert.equal(all.has(empty.id), false);
      const some = await s.store.rulesets.ruleIdsByRuleset(org, [b.id, empty.id]);
      assert.deepEqual([...some.entries()], [[b.id, [b1.id]], [empty.id, []]]);
      assert.equal((await s.store.rulesets.ruleIdsByRuleset(other)).size, 0);
      assert.equal((await s.store.rulesets.ruleIdsByRuleset(org, [])).size, 0);
      assert.deepEqual((await s.store.rulesets.existingRuleIds(org, [a1.id, 'x', b1.id])).sort(), [a1.id, b1.id].sort());
      assert.deepEqual(await s.store.rulesets.existingRuleIds(other, [a1.id]), []);
    });

    it('moves rules between rulesets of one org only', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '' });
      const b = await s.store.rulesets.create({ orgId: org, name: 'B', description: '' });
      const a1 = await s.store.rulesets.createRule(rule(org, a.id));
      const b1 = await s.store.rulesets.createRule(rule(org, b.id));
      const theirs = await s.store.rulesets.create({ orgId: other, name: 'T', description: '' });
      assert.equal(await s.store.rulesets.moveRules(org, [a1.id, b1.id], b.id), 1);
      assert.deepEqual((await s.store.rulesets.listRules(org, b.id)).map((r) => r.id).sort(), [a1.id, b1.id].sort());
      await assert.rejects(s.store.rulesets.moveRules(other, [a1.id], theirs.id), StoreNotFoundError);
      await assert.rejects(s.store.rulesets.moveRules(org, [a1.id], theirs.id), StoreNotFoundError);
      await assert.rejects(s.store.rulesets.moveRules(org, [a1.id, 'nope'], a.id), StoreNotFoundError);
      assert.equal((await s.store.rulesets.getRule(org, a1.id))?.rulesetId, b.id, 'a failed move moves nothing');
    });

    it('updates and deletes rules within the org', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '' });
      const r = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 }));
      const updated = await s.store.rulesets.updateRule(org, r.id, {
        title: 'New title',
        severityOfAlerts: 1,
        enabled: false,
        filter: undefined,
      });
      assert.deepEqual(updated, { ...r, title: 'New title', severityOfAlerts: 1, enabled: false, updatedAt: updated!.updatedAt });
      assert.ok(updated!.updatedAt > T0);
      assert.deepEqual(await s.store.rulesets.getRule(org, r.id), updated);
      const asFile = await s.store.rulesets.updateRule(org, r.id, {
        type: 'File',
        fileIntegrityPaths: [{ path: '/srv', recursive: false }],
        eventsToMonitor: ['ALL'],
      });
      assert.deepEqual(asFile?.fileIntegrityPaths, [{ path: '/srv', recursive: false }]);
      assert.deepEqual(asFile?.ignoreFiles, []);

      await assert.rejects(s.store.rulesets.updateRule(org, r.id, { severityOfAlerts: 4 as never }), StoreValidationError);
      await assert.rejects(s.store.rulesets.updateRule(org, r.id, { window: 1.5 }), StoreValidationError);
      assert.deepEqual(await s.store.rulesets.getRule(org, r.id), asFile);
      assert.equal(await s.store.rulesets.updateRule(other, r.id, { title: 'stolen' }), undefined);
      assert.equal(await s.store.rulesets.deleteRule(other, r.id), false);
      assert.equal(await s.store.rulesets.deleteRule(org, r.id), true);
      assert.equal(await s.store.rulesets.getRule(org, r.id), undefined);
      assert.equal(await s.store.rulesets.deleteRule(org, r.id), false);
    });

    it('disables a rule on detection\'s behalf with a reason, once, until a user enables it again', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '' });
      const r = await s.store.rulesets.createRule(rule(org, a.id, { createdAt: T0 }));
      const before = await s.store.detection.rulesFingerprint(org);
      assert.equal(await s.store.rulesets.disableRule(other, r.id, 'not yours'), undefined);

      const disabled = await s.store.rulesets.disableRule(org, r.id, 'took 1200 ms of a 1000 ms budget', T0 + 5000);
      assert.deepEqual(disabled, { ...r, enabled: false, disabledReason: 'took 1200 ms of a 1000 ms budget', updatedAt: T0 + 5000 });
      assert.deepEqual(await s.store.rulesets.getRule(org, r.id), disabled);
      assert.notEqual(await s.store.detection.rulesFingerprint(org), before, 'other processes reload their rules');
      // Already disabled: a second process seeing the same overrun reports nothing.
      assert.equal(await s.store.rulesets.disableRule(org, r.id, 'again', T0 + 6000), undefined);
      assert.equal((await s.store.rulesets.getRule(org, r.id))?.disabledReason, 'took 1200 ms of a 1000 ms budget');

      // An unrelated edit keeps the reason; enabling clears it.
      assert.equal((await s.store.rulesets.updateRule(org, r.id, { title: 'Renamed' }))?.disabledReason, 'took 1200 ms of a 1000 ms budget');
      const enabled = await s.store.rulesets.updateRule(org, r.id, { enabled: true });
      assert.equal(enabled?.enabled, true);
      assert.equal('disabledReason' in enabled!, false);
      assert.equal('disabledReason' in (await s.store.rulesets.getRule(org, r.id))!, false);
    });

    it('replaces rule tags', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const a = await s.store.rulesets.create({ orgId: org, name: 'A', description: '' });
      const r = await s.store.rulesets.createRule(rule(org, a.id));
      const tags = {
        inclusion: [{ key: 'env', value: 'prod' } as never, { source: 'ec2', key: 'role', value: 'web' }],
        exclusion: [{ source: 'ec2', key: 'canary', value: 'true' }],
      };
      const set = await s.store.rulesets.setRuleTags(org, r.id, tags);
      assert.deepEqual(set, {
        inclusion: [{ source: '', key: 'env', value: 'prod' }, { source: 'ec2', key: 'role', value: 'web' }],
        exclusion: [{ source: 'ec2', key: 'canary', value: 'true' }],
      });
      assert.deepEqual((await s.store.rulesets.getRule(org, r.id))?.tags, set);
      assert.equal(await s.store.rulesets.setRuleTags(other, r.id, { inclusion: [], exclusion: [] }), undefined);
      assert.deepEqual((await s.store.rulesets.getRule(org, r.id))?.tags, set);
      assert.deepEqual(await s.store.rulesets.setRuleTags(org, r.id, { inclusion: [], exclusion: [] }), { inclusion: [], exclusion: [] });
      assert.equal((await s.store.rulesets.getRule(org, r.id))?.tags, undefined);
    });

    it('lists the rulesets that apply to an agent by tags', async () => {
      const org = await newOrg(s.store);
      const other = await newOrg(s.store);
      const web = await s.store.agents.create(agentInput(org, { tags: [tag('env', 'prod', 'ec2'), tag('role', 'web', 'ec2')] }));
      const bare = await s.store.agents.create(agentInput(org, { tags: [] }));
      const foreignAgent = await s.store.agents.create(agentInput(other));
      const everyone = await s.store.rulesets.create({ orgId: org, name: 'Everyone', description: '', createdAt: T0 });
      const prodOnly = await s.store.rulesets.create({ orgId: org, name: 'Prod', description: '', createdAt: T0 + 1 });
      const notWeb = await s.store.rulesets.create({ orgId: org, name: 'Not web', description: '', createdAt: T0 + 2 });
      await s.store.rulesets.create({ orgId: org, name: 'Empty', description: '', createdAt: T0 + 3 });
      await s.store.rulesets.createRule(rule(org, everyone.id));
      await s.store.rulesets.createRule(rule(org, prodOnly.id, { tags: { inclusion: [tag('env', 'prod')], exclusion: [] } }));
      await s.store.rulesets.createRule(rule(org, notWeb.id, { tags: { inclusion: [], exclusion: [tag('role', 'web', 'ec2')] } }));

      const names = async (agentId: string) => (await s.store.rulesets.listRulesetsForAgent(org, agentId))?.map((r) => r.name);
      assert.deepEqual(await names(web.id), ['Everyone', 'Prod']);
      assert.deepEqual(await names(bare.id), ['Everyone', 'Not web']);
      assert.equal(await s.store.rulesets.listRulesetsForAgent(org, foreignAgent.id), undefined);
      assert.equal(await s.store.rulesets.listRulesetsForAgent(org, 'nope'), undefined);
      assert.deepEqual(await s.store.rulesets.listRulesetsForAgent(other, foreignAgent.id), []);
    });

    it('migration 0002 renames rulesets whose names already collide', async () => {
      const db = await createTestDatabase(dialect, { empty: true });
      const k = bareKysely(db.url);
      try {
        await initial.up(k);
        await k.insertInto('organizations').values({ id: 'o', name: 'O', created_at: T0 }).execute();
        await k.insertInto('organizations').values({ id: 'p', name: 'P', created_at: T0 }).execute();
        const rs = (id: string, org: string, name: string, at: number) => ({
          id, org_id: org, name, description: '', created_at: at, updated_at: at,
        });
        await k
          .insertInto('rulesets')
          .values([rs('1', 'o', 'Base', T0), rs('2', 'o', 'base ', T0 + 1), rs('3', 'o', 'Base (2)', T0 + 2), rs('4', 'p', 'BASE', T0)])
          .execute();
        await k.insertInto('rules').values({
          id: 'r', org_id: 'o', ruleset_id: '1', name: 'n', type: 'Host', title: 't', severity_of_alerts: 1,
          alert_description: 'd', aggregate_fields: '[]', filter: 'x', time_window: 60, threshold: 1,
          suppressions: '[]', enabled: 1, created_at: T0, updated_at: T0,
        }).execute();
        await ruleDetails.up(k);
        const rows = await k.selectFrom('rulesets').select(['id', 'name', 'name_norm']).orderBy('id').execute();
        assert.deepEqual(rows, [
          { id: '1', name: 'Base', name_norm: 'base' },
          { id: '2', name: 'base (2)', name_norm: 'base (2)' },
          { id: '3', name: 'Base (2) (2)', name_norm: 'base (2) (2)' },
          { id: '4', name: 'BASE', name_norm: 'base' },
        ]);
        const r = await k.selectFrom('rules').selectAll().executeTakeFirstOrThrow();
        assert.deepEqual(
          [r.file_integrity_paths, r.ignore_files, r.events_to_monitor, JSON.parse(r.tags)],
          ['[]', '[]', '[]', { inclusion: [], exclusion: [] }],
        );
        await assert.rejects(k.insertInto('rulesets').values({ ...rs('5', 'o', 'x', T0), name_norm: 'base' }).execute());
        await ruleDetails.down!(k);
        await k.insertInto('rulesets').values(rs('5', 'o', 'Base', T0)).execute();
      } finally {
        await k.destroy();
        await db.drop();
      }
    });
  });
}
