/**
 * `BENCH_ONLY=dashboard npm run bench` (issue 20): the dashboard's aggregates at a year of alerts. 1,000,000
 * alerts of one organization spread over the last 365 days (severity, rule and agent drawn at random, agents
 * and rules skewed so some are noisy, 20 % dismissed) are written into a fresh SQLite and PostgreSQL database
 * with bulk INSERT … SELECT statements (a recursive CTE on SQLite, generate_series on PostgreSQL) of 100,000
 * rows each, through the store's triggers. Then, for the same random ranges (1 hour to a year, ends at any
 * millisecond), each aggregate is timed through `store.alertStats` beside the baseline: the plain GROUP BY
 * over `alerts` that the store ran before (what v2 severity counts did), on the same data and connection
 * kind. BENCH_DASHBOARD_STORE=sqlite,postgres picks the databases; BENCH_DASHBOARD_ALERTS the count.
 * @module
 */
import { cpus, loadavg, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, seriesBucketFor, type Store, type TimeRange } from '@vigil/store';
import { createTestDatabase, TEST_SECRET } from '@vigil/store/testing';
import { rng } from './vulns-matching.js';
import { writeResultsSection } from './results-section.js';

const SECTION = '## Dashboard aggregates (issue 20)';
const ALERTS = Number(process.env.BENCH_DASHBOARD_ALERTS ?? 1_000_000);
const STORES = (process.env.BENCH_DASHBOARD_STORE ?? 'sqlite,postgres').split(',').filter(Boolean) as Array<'sqlite' | 'postgres'>;
const RANGES = Number(process.env.BENCH_DASHBOARD_RANGES ?? 60);
const BATCH = 100_000;
const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;
const AGENTS = 300;
const RULES = 40;
const BUDGET_MS = 100;
const ORG = 'benchorg';

/** The SQL both databases run for one kind of aggregate, as the store did before the rollups. */
interface Raw {
  query(text: string, params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/** A bulk loader and a raw connection for the baseline queries, beside the store's own connection. */
async function rawConnection(dialect: 'sqlite' | 'postgres', url: string): Promise<{ raw: Raw; load: (offset: number, count: number, start: number) => Promise<void> }> {
  // Agents and rules skewed: the product of two uniform draws favours low numbers, so some hosts are noisy.
  if (dialect === 'sqlite') {
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    const rnd = (n: number) => `(abs(random()) % ${n})`;
    const insert = db.prepare(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?)
      INSERT INTO alerts (id, org_id, title, data_source, created_at, severity, agent_id, rule_id, ruleset_id, is_dismissed, aggregates)
      SELECT printf('bench-%08d', i + ?), '${ORG}', 'Bench alert', 'host', ? + ${rnd(YEAR)}, 1 + ${rnd(3)},
        'agent-' || (${rnd(AGENTS)} * ${rnd(AGENTS)} / ${AGENTS}), 'rule-' || (${rnd(RULES)} * ${rnd(RULES)} / ${RULES}), 'rs-1',
        CASE WHEN ${rnd(5)} = 0 THEN 1 ELSE 0 END, '[]' FROM s`);
    return {
      raw: {
        query: async (text, params) => db.prepare(text).all(...params),
        close: async () => void db.close(),
      },
      load: async (offset, count, start) => void insert.run(count, offset, start),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pick = (n: number) => `floor(random() * ${n})::int`;
  return {
    raw: {
      query: async (text, params) => {
        let i = 0;
        return (await client.query(text.replace(/\?/g, () => `$${++i}`), params)).rows;
      },
      close: () => client.end(),
    },
    load: async (offset, count, start) => {
      await client.query(
        `INSERT INTO alerts (id, org_id, title, data_source, created_at, severity, agent_id, rule_id, ruleset_id, is_dismissed, aggregates)
         SELECT 'bench-' || lpad(i::text, 8, '0'), '${ORG}', 'Bench alert', 'host', $2::bigint + floor(random() * ${YEAR})::bigint, 1 + ${pick(3)},
           'agent-' || (${pick(AGENTS)} * ${pick(AGENTS)} / ${AGENTS}), 'rule-' || (${pick(RULES)} * ${pick(RULES)} / ${RULES}), 'rs-1',
           CASE WHEN random() < 0.2 THEN 1 ELSE 0 END, '[]'
         FROM generate_series($1::int, $1::int + $3::int - 1) i`,
        [offset, start, count],
      );
    },
  };
}

interface Kind {
  name: string;
  fast: (store: Store, r: Required<TimeRange>) => Promise<unknown>;
  baseline: (raw: Raw, r: Required<TimeRange>) => Promise<unknown>;
}

const ACTIVE = `from alerts where org_id = ? and is_dismissed = 0 and created_at >= ? and created_at <= ?`;
const KINDS: Kind[] = [
  {
    name: 'severity counts',
    fast: (store, r) => store.alertStats.severityCounts(ORG, r),
    baseline: (raw, r) => raw.query(`select severity, count(*) as n ${ACTIVE} group by severity`, [ORG, r.from, r.until]),
  },
  {
    name: 'alerts over time (hour/6 h/day buckets, by severity)',
    fast: (store, r) => store.alertStats.series(ORG, r, seriesBucketFor(r.from, r.until)),
    baseline: (raw, r) => {
      const b = seriesBucketFor(r.from, r.until);
      return raw.query(`select created_at - created_at % ${b} as b, severity, count(*) as n ${ACTIVE} group by 1, 2`, [ORG, r.from, r.until]);
    },
  },
  {
    name: 'top 10 rules',
    fast: (store, r) => store.alertStats.top(ORG, 'rule', r, 10),
    baseline: (raw, r) => raw.query(`select rule_id, count(*) as n ${ACTIVE} group by rule_id order by n desc limit 10`, [ORG, r.from, r.until]),
  },
  {
    name: 'top 10 hosts',
    fast: (store, r) => store.alertStats.top(ORG, 'agent', r, 10),
    baseline: (raw, r) => raw.query(`select agent_id, count(*) as n ${ACTIVE} group by agent_id order by n desc limit 10`, [ORG, r.from, r.until]),
  },
];

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

interface Row {
  dialect: string;
  kind: string;
  fast: number[];
  baseline: number[];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function benchDialect(dialect: 'sqlite' | 'postgres', ranges: Array<Required<TimeRange>>, now: number): Promise<{ rows: Row[]; loadMs: number; rollupRows: number }> {
  const db = await createTestDatabase(dialect);
  const store = await openStore({ url: db.url, secret: TEST_SECRET });
  const { raw, load } = await rawConnection(dialect, db.url);
  try {
    await store.organizations.create({ id: ORG, name: 'Bench' });
    const t = process.hrtime.bigint();
    for (let offset = 0; offset < ALERTS; offset += BATCH) await load(offset, Math.min(BATCH, ALERTS - offset), now - YEAR);
    // What autovacuum would have done by the time anyone looks: statistics and the visibility map.
    if (dialect === 'postgres') await raw.query('vacuum analyze', []);
    const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
    const [count] = (await raw.query('select (select count(*) from alert_counts_hourly) + (select count(*) from alert_counts_daily) as n', [])) as Array<{ n: number | string }>;
    const rows: Row[] = [];
    for (const kind of KINDS) {
      const row: Row = { dialect, kind: kind.name, fast: [], baseline: [] };
      // Each range fast then baseline, so a change in the machine's load falls on both alike.
      for (const r of ranges) {
        row.fast.push(await timed(() => kind.fast(store, r)));
        row.baseline.push(await timed(() => kind.baseline(raw, r)));
      }
      rows.push(row);
      console.log(`${dialect} ${kind.name}: p50 ${percentile(row.fast, 50).toFixed(1)} ms (baseline ${percentile(row.baseline, 50).toFixed(1)} ms)`);
    }
    return { rows, loadMs, rollupRows: Number(count!.n) };
  } finally {
    await raw.close();
    await store.close();
    await db.drop();
  }
}

/**
 * Runs the benchmark on every configured database and returns its RESULTS.md section.
 *
 * ```ts
 * writeDashboardSection((await dashboardBench()).markdown);
 * ```
 */
export async function dashboardBench(): Promise<{ markdown: string }> {
  const loadBefore = loadavg()[0]!.toFixed(1);
  const random = rng(20);
  const now = Date.now();
  // Lengths log-uniform from an hour to a year, so short and long ranges are both well represented.
  const ranges = Array.from({ length: RANGES }, () => {
    const length = Math.round(Math.exp(Math.log(HOUR) + random() * (Math.log(YEAR) - Math.log(HOUR))));
    const from = now - YEAR + Math.floor(random() * (YEAR - length));
    return { from, until: from + length };
  });
  const results = [];
  for (const dialect of STORES) results.push(await benchDialect(dialect, ranges, now));
  const loadAfter = loadavg()[0]!.toFixed(1);
  const f = (x: number) => x.toFixed(x < 10 ? 2 : 1);
  const lines = [
    SECTION,
    '',
    `Measured on ${new Date().toISOString().slice(0, 10)} with \`BENCH_ONLY=dashboard npm run bench\` (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}); 1-minute load average ${loadBefore} before and ${loadAfter} after, on a machine shared with other work.`,
    `${ALERTS.toLocaleString('en')} alerts of one organization over the last 365 days (${AGENTS} agents, ${RULES} rules, both skewed; 20 % dismissed), written in INSERT … SELECT statements of ${BATCH.toLocaleString('en')} rows through the store's triggers: ${results.map((r) => `${r.rows[0]?.dialect ?? ''} ${(r.loadMs / 1000).toFixed(1)} s (${r.rollupRows.toLocaleString('en')} rollup rows)`).join(', ')}.`,
    `${RANGES} random ranges (length log-uniform from 1 hour to 1 year, ends at any millisecond), the same for every row; each timed through \`store.alertStats\` (what \`GET /v2/alerts/severity-counts\` and \`GET /v2/alerts/dashboard\` call), and beside it the baseline: the plain GROUP BY over \`alerts\` (the store's query before the rollups) on the same data.`,
    '',
    '| database | query | p50 ms | p99 ms | max ms | baseline p50 ms | baseline p99 ms |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  let worst = 0;
  for (const r of results) {
    for (const row of r.rows) {
      const p99 = percentile(row.fast, 99);
      worst = Math.max(worst, p99);
      lines.push(
        `| ${row.dialect} | ${row.kind} | ${f(percentile(row.fast, 50))} | ${f(p99)} | ${f(Math.max(...row.fast))} | ${f(percentile(row.baseline, 50))} | ${f(percentile(row.baseline, 99))} |`,
      );
    }
  }
  lines.push('', `- ${worst < BUDGET_MS ? 'PASS' : 'MISS'}: every dashboard query < ${BUDGET_MS} ms at p99 on ${STORES.join(' and ')} — worst p99 ${f(worst)} ms`, '');
  const markdown = lines.join('\n');
  console.log(markdown);
  return { markdown };
}

/** Replaces this benchmark's section of bench/RESULTS.md. */
export function writeDashboardSection(markdown: string): void {
  writeResultsSection(SECTION, markdown);
}
