/**
 * `GET /v2/vulnerabilities` pages at fleet size (issue #19: < 50 ms p99 at 1,000 hosts × 1,500 packages ×
 * 100,000 advisories), run alone with `BENCH_ONLY=vulns-rest npm run bench`. For each database
 * (BENCH_VULNS_REST_STORE=sqlite,postgres) a fresh store gets 1,000 agents (BENCH_VULNS_REST_HOSTS),
 * 100,000 advisories and ~4,400 finding rows per host (what the matching bench's fleet gives: 3,000 CVEs
 * of packages every host runs, 1,400 of packages only some run; severities critical 5 %, high 25 %,
 * medium 40 %, low 25 %, unknown 5 %; 2 % of advisories name a security notice), written with SQL in a few
 * statements (through the matcher this takes an hour). Then Vigil serves them on 127.0.0.1 and each filter
 * is read page by page over real HTTP with Hawk, one request at a time: p50 and p99 of the response time.
 * The baseline, in the same run and process layout: a bare node:http server on the same database answering
 * a plain keyset page of 100 rows of one table (vuln_findings in its (org_id, cve, …) order), no auth, no grouping.
 * @module
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { clientHeader } from '@vigil/hawk';
import type { Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import type { Finding } from '@vigil/vulns';
import { writeResultsSection } from './results-section.js';

const SECTION = '## Vulnerability list pages (issue #19)';
const HOSTS = Number(process.env.BENCH_VULNS_REST_HOSTS ?? 1000);
const ADVISORIES = 100_000;
const CORE = 3000;
const PER_HOST = 4400;
const REQUESTS = Number(process.env.BENCH_VULNS_REST_REQUESTS ?? 200);
const STORES = (process.env.BENCH_VULNS_REST_STORE ?? 'sqlite,postgres').split(',').filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres');

/** One SQL connection for seeding and for the baseline server: `?` placeholders on both databases. */
interface Sql {
  run(text: string, params?: unknown[]): Promise<void>;
  all<T>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export function connect(url: string): Sql {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 60000');
    return {
      run: async (text, params = []) => void db.prepare(text).run(...params),
      all: async <T>(text: string, params: unknown[] = []) => db.prepare(text).all(...params) as T[],
      close: async () => void db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const numbered = (text: string) => {
    let i = 0;
    return text.replace(/\?/g, () => `$${(i += 1)}`);
  };
  return {
    run: async (text, params = []) => void (await pool.query(numbered(text), params)),
    all: async <T>(text: string, params: unknown[] = []) => (await pool.query(numbered(text), params)).rows as T[],
    close: () => pool.end(),
  };
}

/** Severity of advisory n: by n % 20 (critical 1, high 5, medium 8, low 5, unknown 1 in 20). */
const SEVERITY = `case when n % 20 = 0 then 'critical' when n % 20 <= 5 then 'high' when n % 20 <= 13 then 'medium' when n % 20 <= 18 then 'low' else 'unknown' end`;
const RANK = `case when n % 20 = 0 then 4 when n % 20 <= 5 then 3 when n % 20 <= 13 then 2 when n % 20 <= 18 then 1 else 0 end`;

/** Writes the advisories and the findings of `agentIds` with SQL. */
async function seed(db: Sql, orgId: string, agentIds: string[]): Promise<void> {
  await db.run('create table bench_n (n integer primary key)');
  for (let i = 0; i < ADVISORIES; i += 1000) {
    await db.run(`insert into bench_n (n) values ${Array.from({ length: 1000 }, () => '(?)').join(',')}`, Array.from({ length: 1000 }, (_, k) => i + k));
  }
  await db.run('create table bench_agents (k integer primary key, id text not null)');
  for (let i = 0; i < agentIds.length; i += 500) {
    const part = agentIds.slice(i, i + 500);
    await db.run(`insert into bench_agents (k, id) values ${part.map(() => '(?, ?)').join(',')}`, part.flatMap((id, j) => [i + j, id]));
  }
  const cve = `'CVE-2026-' || (100000 + n)`;
  await db.run(
    `insert into advisories (id, source, cves, severity, cvss_vector, cvss_score, summary, published, modified, withdrawn, security_notices, digest, record, created_at, updated_at)
     select 'DEBIAN-' || ${cve}, 'osv', '["' || ${cve} || '"]', ${SEVERITY}, null, null, 'bench', null, '2026-12-01T00:00:00Z', null,
       case when n % 50 = 0 then '["DSA-' || n || '-1"]' else '[]' end, 'd' || n, '{}', 0, 0
     from bench_n`,
  );
  // Host k's findings: advisories 0, 7, 14, … (packages every host runs), then PER_HOST - CORE drawn per host
  // from the rest (a multiplicative hash of (k, i)); one advisory per CVE, one package per advisory.
  const ofHost = `case when i.n < ${CORE} then i.n * 7 else ${CORE * 7} + ((a.k * 7919 + i.n * 104729) % ${ADVISORIES - CORE * 7}) end`;
  await db.run(
    `insert into vuln_findings (org_id, agent_id, advisory_id, cve, package_name, arch, installed_version, source_name, ecosystem, status, fixed_version, reason,
       severity, severity_rank, has_notices, group_rank, group_notices, first_seen_at, updated_at)
     select ?, id, 'DEBIAN-' || ${cve}, ${cve}, 'lib' || (n % 4000), 'amd64', '1.' || (n % 50) || '-1', 'src' || (n % 4000), 'Debian:12',
       case when n % 3 = 0 then 'affected' else 'fixable' end, case when n % 3 = 0 then null else '1.' || (n % 50) || '-1+deb12u1' end, null,
       ${SEVERITY}, ${RANK}, case when n % 50 = 0 then 1 else 0 end, ${RANK}, case when n % 50 = 0 then 1 else 0 end, 0, 0
     from (select a.id, ${ofHost} as n from bench_agents a cross join bench_n i where i.n < ${PER_HOST}) x
     where true on conflict do nothing`,
    [orgId],
  );
  // As migration 0029 leaves findings it did not write: every package unknown, diffed in full the first time.
  await db.run(`insert into vuln_finding_digests (agent_id, package_name, arch, installed_version, digest)
    select distinct agent_id, package_name, arch, installed_version, '' from vuln_findings`);
  await db.run('drop table bench_n');
  await db.run('drop table bench_agents');
  await db.run('analyze');
}

/**
 * Host k's findings as the seed wrote them (the same formulas), with the packages of one fifteenth of the
 * sources at a new version when `bump` > 0: what the matcher gives after an upgrade of ~100 packages.
 */
function hostFindings(k: number, bump: number): Finding[] {
  const out = new Map<number, Finding>();
  for (let i = 0; i < PER_HOST; i++) {
    const n = i < CORE ? i * 7 : CORE * 7 + ((k * 7919 + i * 104729) % (ADVISORIES - CORE * 7));
    const upgraded = bump > 0 && (n % 4000) % 15 === bump % 15;
    out.set(n, {
      advisoryId: `DEBIAN-CVE-2026-${100000 + n}`,
      packageName: `lib${n % 4000}`,
      arch: 'amd64',
      installedVersion: `1.${n % 50}-1${upgraded ? `+u${bump}` : ''}`,
      sourceName: `src${n % 4000}`,
      ecosystem: 'Debian:12',
      status: n % 3 === 0 ? 'affected' : 'fixable',
      fixedVersion: n % 3 === 0 ? null : `1.${n % 50}-1+deb12u1`,
      reason: null,
    });
  }
  return [...out.values()];
}

interface Rematch {
  /** the first write after start: advisory facts read, every package diffed (digests unknown) */
  coldMs: number;
  /** ~100 packages upgraded each time */
  upgradeMs: number[];
  /** the same findings again */
  unchangedMs: number[];
  /** baseline: one select of the host's stored rows */
  readMs: number[];
  rows: number;
}

/** One host's re-match written through the store at fleet size (findings.replaceForAgent), beside a plain read of its rows. */
export async function rematch(store: Store, db: Sql, orgId: string, agentId: string): Promise<Rematch> {
  let t = process.hrtime.bigint();
  await store.findings.replaceForAgent(orgId, agentId, hostFindings(0, 0));
  const coldMs = ms(t);
  const [upgradeMs, unchangedMs, readMs] = [[], [], []] as number[][];
  let rows = 0;
  for (let bump = 1; bump <= 10; bump++) {
    const findings = hostFindings(0, bump);
    t = process.hrtime.bigint();
    await store.findings.replaceForAgent(orgId, agentId, findings);
    upgradeMs.push(ms(t));
    t = process.hrtime.bigint();
    await store.findings.replaceForAgent(orgId, agentId, findings);
    unchangedMs.push(ms(t));
    t = process.hrtime.bigint();
    rows = (await db.all('select * from vuln_findings where agent_id = ?', [agentId])).length;
    readMs.push(ms(t));
  }
  return { coldMs, upgradeMs, unchangedMs, readMs, rows };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

interface Row {
  filter: string;
  p50: number;
  p99: number;
  requests: number;
  rows: number;
}

/**
 * Reads `REQUESTS` pages: the first page of each query of `queries` (in turn), then the following pages by
 * their tokens, five deep, then the next query.
 */
async function walk(label: string, queries: string[], get: (url: string) => Promise<{ items: number; next: string | undefined }>, base: string): Promise<Row> {
  const times: number[] = [];
  let rows = 0;
  for (let q = 0; times.length < REQUESTS; q++) {
    let url: string | undefined = `${base}${queries[q % queries.length]}`;
    for (let depth = 0; url !== undefined && depth < 5 && times.length < REQUESTS; depth++) {
      const t = process.hrtime.bigint();
      const page = await get(url);
      times.push(ms(t));
      rows += page.items;
      url = page.next;
    }
  }
  return { filter: label, p50: pct(times, 50), p99: pct(times, 99), requests: times.length, rows };
}

/** The baseline: a keyset page of 100 finding rows of the organization, by `after` (the last row's key). */
function baselineServer(db: Sql, orgId: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const after = new URL(req.url ?? '/', 'http://x').searchParams.get('after');
    const key = after === null ? null : (JSON.parse(after) as string[]);
    const where = key === null ? '' : 'and (cve, agent_id, package_name, arch, installed_version, advisory_id) > (?, ?, ?, ?, ?, ?)';
    db.all<Record<string, string>>(
      `select * from vuln_findings where org_id = ? ${where} order by cve, agent_id, package_name, arch, installed_version, advisory_id limit 100`,
      [orgId, ...(key ?? [])],
    ).then(
      (rows) => {
        const last = rows.at(-1);
        const next = last && rows.length === 100 ? JSON.stringify([last.cve, last.agent_id, last.package_name, last.arch, last.installed_version, last.advisory_id]) : null;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ rows, next }));
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<{ dialect: string; seedMs: number; findingRows: number; rows: Row[]; rematch: Rematch }> {
  const { loadConfig, startServer } = await import('@vigil/server');
  // No matcher: the seeded advisories carry no records to file, and its passes would compete with the reads.
  process.env.VIGIL_VULN_MATCH_SECONDS = '0';
  const database = await createTestDatabase(dialect);
  const creds = { orgId: 'benchorg', userId: 'benchuser', apiKey: randomBytes(32).toString('base64url') };
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-vulns-rest-'));
  const vigil = await startServer(
    loadConfig({}, {
      host: '127.0.0.1',
      port: 0,
      databaseUrl: database.url,
      dataDir,
      logLevel: 'warn',
      rateLimit: { perOrg: 1e9, perIp: 1e9, lockoutSeconds: 900 },
      bootstrap: { ...creds, orgName: 'Bench', email: 'bench@example.com' },
    }),
    { print: () => {}, logger: false },
  );
  const db = connect(database.url);
  let baseline: Server | undefined;
  try {
    const agents = await vigil.store.agents.createMany(
      Array.from({ length: HOSTS }, (_, h) => ({
        orgId: creds.orgId, instanceId: null, status: 'online' as const, lastReportedAt: Date.now(), version: '1.0.0', name: `host-${h}`, description: '',
        hostname: `host-${h}.example.com`, ipAddresses: { private: [], link_local: [], public: [] }, tags: [], agentType: 'monitor' as const,
        osVersion: 'Debian 12', kernel: '6.1.0', agentModuleHealth: {},
      })),
    );
    let t = process.hrtime.bigint();
    await seed(db, creds.orgId, agents.map((a) => a.id));
    const seedMs = ms(t);
    const findingRows = await vigil.store.findings.count(creds.orgId);

    const credentials = { id: creds.userId, key: creds.apiKey, algorithm: 'sha256' as const };
    const vigilGet = async (url: string) => {
      const res = await fetch(url, { headers: { authorization: clientHeader(url, 'GET', { credentials, ext: creds.orgId }).header } });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { cves: unknown[]; token?: string | null };
      const next = body.token ? `${url.split('?')[0]}?${new URLSearchParams({ ...Object.fromEntries(new URL(url).searchParams), token: body.token })}` : undefined;
      return { items: body.cves.length, next };
    };
    const started = await baselineServer(db, creds.orgId);
    baseline = started.server;
    const baseGet = async (url: string) => {
      const body = (await (await fetch(url)).json()) as { rows: unknown[]; next: string | null };
      return { items: body.rows.length, next: body.next === null ? undefined : `${url.split('?')[0]}?after=${encodeURIComponent(body.next)}` };
    };
    const api = `${vigil.url}/v2/vulnerabilities`;
    const some = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
    // warm-up: JIT and the databases' caches
    await walk('warm-up', ['?status=active'], vigilGet, api);
    await walk('warm-up', ['/'], baseGet, started.url);

    const rows: Row[] = [];
    rows.push(await walk('baseline: plain keyset page of 100 rows of one table (bare node:http, no auth)', ['/'], baseGet, started.url));
    rows.push(await walk('status=active (default)', [''], vigilGet, api));
    rows.push(await walk('status=all', ['?status=all'], vigilGet, api));
    rows.push(await walk('active=false (suppressed only: none are)', ['?active=false'], vigilGet, api));
    rows.push(await walk('severity=… (each of the five in turn)', ['critical', 'high', 'medium', 'low', 'unknown'].map((s) => `?severity=${s}`), vigilGet, api));
    rows.push(await walk('hasSecurityNotices=true (2 % of advisories)', ['?hasSecurityNotices=true'], vigilGet, api));
    rows.push(await walk('hasSecurityNotices=false', ['?hasSecurityNotices=false'], vigilGet, api));
    rows.push(await walk('agentId=… (40 agents in turn)', some(40, (i) => `?agentId=${agents[(i * 25) % agents.length]!.id}`), vigilGet, api));
    rows.push(await walk('package=… (binary or source name, 40 in turn)', some(40, (i) => `?package=${i % 2 === 0 ? 'lib' : 'src'}${i * 97 % 4000}`), vigilGet, api));
    rows.push(await walk('severity=critical&agentId=…', some(40, (i) => `?severity=critical&agentId=${agents[(i * 25) % agents.length]!.id}`), vigilGet, api));
    // After the reads: the upgrades change what the pages above hold.
    return { dialect, seedMs, findingRows, rows, rematch: await rematch(vigil.store, db, creds.orgId, agents[0]!.id) };
  } finally {
    baseline?.close();
    await db.close();
    await vigil.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs the benchmark and returns its RESULTS.md section.
 *
 * ```ts
 * writeVulnsRestSection((await vulnsRestBench()).markdown);
 * ```
 */
export async function vulnsRestBench(): Promise<{ markdown: string }> {
  const loadBefore = loadavg()[0]!;
  const results: DialectFigures[] = [];
  for (const dialect of STORES) {
    results.push(await benchDialect(dialect));
    console.log(JSON.stringify(results.at(-1)));
  }
  const markdown = renderVulnsRestSection(results, loadBefore, loadavg()[0]!);
  console.log(markdown);
  return { markdown };
}

/** What one database gave. */
export type DialectFigures = Awaited<ReturnType<typeof benchDialect>>;

/**
 * The RESULTS.md section for `results` (also for figures of databases measured in separate runs).
 *
 * ```ts
 * writeVulnsRestSection(renderVulnsRestSection([sqlite, postgres], 24.1, 25.3));
 * ```
 */
export function renderVulnsRestSection(results: DialectFigures[], loadBefore: number, loadAfter: number): string {
  const f = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
  const labels = results[0]?.rows.map((r) => r.filter) ?? [];
  const table = labels
    .map((label, i) => `| ${label} | ${results.map((r) => `${f(r.rows[i]!.p50)} / ${f(r.rows[i]!.p99)}`).join(' | ')} |`)
    .join('\n');
  const verdicts = results
    .flatMap((r) => r.rows.slice(1).map((row) => `- ${row.p99 < 50 ? 'PASS' : 'MISS'} (${r.dialect}): ${row.filter} p99 ${f(row.p99)} < 50 ms`))
    .join('\n');
  const median = (xs: number[]) => pct(xs, 50);
  const spread = (xs: number[]) => `${f(median(xs))} (${f(Math.max(...xs))})`;
  const rematchRow = (label: string, get: (r: Rematch) => string) => `| ${label} | ${results.map((r) => get(r.rematch)).join(' | ')} |`;
  const rematchVerdicts = results.map((r) => `- ${Math.max(...r.rematch.upgradeMs) < 200 ? 'PASS' : 'MISS'} (${r.dialect}): one host's new inventory written < 200 ms — ${f(Math.max(...r.rematch.upgradeMs))} at most`).join('\n');
  const markdown = `${SECTION}

Measured on ${new Date().toISOString().slice(0, 10)} with \`BENCH_ONLY=vulns-rest npm run bench\` (${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version};
1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end). ${HOSTS.toLocaleString('en')} agents, ${ADVISORIES.toLocaleString('en')} advisories and
${results.map((r) => `${r.findingRows.toLocaleString('en')} finding rows on ${r.dialect} (written in ${(r.seedMs / 1000).toFixed(0)} s)`).join(', ')}: ~${PER_HOST.toLocaleString('en')} per host as the
matching bench's fleet gives (${CORE.toLocaleString('en')} CVEs of packages every host runs, the rest of packages some run; severity
critical 5 %, high 25 %, medium 40 %, low 25 %, unknown 5 %; 2 % with a security notice). Vigil served them on 127.0.0.1; each
row is ${REQUESTS} requests one at a time over HTTP with Hawk: first pages, then the following pages by token, five deep.
Baseline: a bare node:http server in the same process on the same database, a keyset page of 100 rows of
vuln_findings in index order, no auth, no grouping. Response time p50 / p99:

| request (100 per page) | ${results.map((r) => r.dialect).join(' | ')} |
|---|${results.map(() => '---:').join('|')}|
${table}

${verdicts}

One host's re-match written through the store at this size (\`findings.replaceForAgent\` on the host's ~${PER_HOST.toLocaleString('en')}
findings, the other ${(HOSTS - 1).toLocaleString('en')} hosts' rows in the same tables), after the reads above; median of 10 (max). The matcher's own
time for a host (~45 ms median at low load, the matching bench above) comes on top in the worker's pass. Baseline: one
select of the host's stored rows, the least any diff that reads them costs.

| one host, ${PER_HOST.toLocaleString('en')} findings | ${results.map((r) => r.dialect).join(' | ')} |
|---|${results.map(() => '---:').join('|')}|
${rematchRow('first write after start (advisory facts read, every package diffed)', (r) => f(r.coldMs))}
${rematchRow('~100 packages upgraded (~2 × 100 packages\' findings rewritten)', (r) => spread(r.upgradeMs))}
${rematchRow('the same findings again', (r) => spread(r.unchangedMs))}
${rematchRow('baseline: select the host\'s stored rows', (r) => `${spread(r.readMs)} (${r.rows.toLocaleString('en')} rows)`)}

${rematchVerdicts}
`;
  return markdown;
}

/** Replaces this benchmark's section of RESULTS.md. */
export function writeVulnsRestSection(markdown: string): void {
  writeResultsSection(SECTION, markdown);
}
