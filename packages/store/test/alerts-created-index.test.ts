/**
 * Migration 0017 on both databases: `alerts(created_at)` is indexed, and the retention pass's cross-
 * organization query (`created_at < cut-off`) reads that index instead of scanning every alert.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { DIALECTS } from '../src/testing.js';
import { rawQuery, useStore } from './support.js';

const RETENTION_QUERY = 'select id from alerts where created_at < 1700000000000 limit 500';

for (const dialect of DIALECTS) {
  describe(`${dialect}: alerts created_at index`, () => {
    const s = useStore(dialect);

    it('exists and serves the retention query', async () => {
      if (dialect === 'sqlite') {
        const found = await rawQuery(s.url, "select sql from sqlite_master where type = 'index' and name = 'alerts_created_idx'");
        assert.match(String(found[0]?.sql), /\(\s*"?created_at"?\s*\)/);
        const plan = await rawQuery(s.url, `explain query plan ${RETENTION_QUERY}`);
        assert.ok(plan.some((step) => /alerts_created_idx/.test(String(step.detail))), JSON.stringify(plan));
      } else {
        const found = await rawQuery(s.url, "select indexdef from pg_indexes where tablename = 'alerts' and indexname = 'alerts_created_idx'");
        assert.match(String(found[0]?.indexdef), /\(created_at\)/);
        // A near-empty table is cheaper to scan; with sequential scans off the planner must pick the index.
        const client = new pg.Client({ connectionString: s.url });
        await client.connect();
        try {
          await client.query('set enable_seqscan = off');
          const plan = (await client.query(`explain ${RETENTION_QUERY}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
          assert.match(plan, /alerts_created_idx/);
        } finally {
          await client.end();
        }
      }
    });
  });
}
