/**
 * Vulnerability matching benchmark (issue #19), run by `npm run bench` or alone with
 * `BENCH_ONLY=vulns npm run bench`. A generated fleet (BENCH_VULNS_HOSTS, default 1,000 Debian 12 hosts ×
 * 1,500 binary packages from a universe of 4,000 source packages, each at its current version or one of
 * three older ones, binNMU binaries and epochs included) against BENCH_VULNS_ADVISORIES (default 100,000)
 * Debian 12 advisories spread over the sources as unevenly as real ones (Zipf: `linux`-like sources carry
 * thousands), fixed below, between and above the installed versions, some unfixed, some `last_affected`,
 * some listing versions, some withdrawn. Measured in one run, with the matcher (@vigil/vulns AdvisoryIndex):
 * - full match: every host against every advisory (index built, then every host matched);
 * - one new advisory on a source every host runs, re-matched against the hosts that run it;
 * - one host's new inventory (100 of its packages upgraded to versions no other host runs), re-matched;
 * each beside a baseline in the same run: the same index and loops with plain text order in place of the
 * packaging tools' exact order, so the ratio is what exact version order costs.
 * @module
 */
import { cpus, loadavg } from 'node:os';
import type { Advisory, HostPackage, OpaqueScheme, VersionOrders } from '@vigil/vulns';
import { AdvisoryIndex } from '@vigil/vulns';
import { advisory } from '@vigil/vulns/testing';
import { writeResultsSection } from './results-section.js';
import { storeMatchingBench, type StoreFigures } from './vulns-matching-store.js';

const HOSTS = Number(process.env.BENCH_VULNS_HOSTS ?? 1000);
const PACKAGES = 1500;
const SOURCES = 4000;
const ADVISORIES = Number(process.env.BENCH_VULNS_ADVISORIES ?? 100_000);
const ECOSYSTEM = 'Debian:12';
const SECTION = '## Vulnerability matching (issue #19)';
/** hosts of the fleet written into each database (loading inventories dominates; BENCH_VULNS_STORE_HOSTS) */
const STORE_HOSTS = Number(process.env.BENCH_VULNS_STORE_HOSTS ?? 100);
const STORES = (process.env.BENCH_VULNS_STORE ?? 'sqlite,postgres').split(',').filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres');

/** mulberry32: the same fleet and advisories on every run. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Source {
  name: string;
  /** oldest first; the last is current */
  versions: string[];
  binaries: { name: string; binNmu: boolean; ownVersion: string | null }[];
}

export function generateSources(random: () => number): Source[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: SOURCES }, (_, i) => {
    const epoch = random() < 0.08 ? `${1 + Math.floor(random() * 2)}:` : '';
    const upstream = `${Math.floor(random() * 12)}.${Math.floor(random() * 30)}${random() < 0.5 ? `.${Math.floor(random() * 20)}` : ''}${pick(['', '', '', '+dfsg', '~rc1', '+ds'])}`;
    const revision = 1 + Math.floor(random() * 6);
    const versions = [`${epoch}${upstream}-${revision}`, `${epoch}${upstream}-${revision}+deb12u1`, `${epoch}${upstream}-${revision}+deb12u2`, `${epoch}${upstream}-${revision}+deb12u3`];
    const binaries = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, b) => ({
      name: b === 0 ? `src${i}` : `lib${i}-${b}`,
      binNmu: random() < 0.1,
      ownVersion: random() < 0.02 ? `4:${upstream}-${revision}` : null,
    }));
    return { name: `src${i}`, versions, binaries };
  });
}

export interface Host {
  id: string;
  packages: HostPackage[];
}

export function generateFleet(sources: Source[], random: () => number): Host[] {
  const binaries = sources.flatMap((s) => s.binaries.map((b) => ({ source: s, binary: b })));
  const core = binaries.slice(0, 1000);
  const extra = binaries.slice(1000);
  return Array.from({ length: HOSTS }, (_, h) => {
    const chosen = new Set(core);
    while (chosen.size < PACKAGES) chosen.add(extra[Math.floor(random() * extra.length)]!);
    const versionOf = new Map<Source, string>();
    const packages = [...chosen].map(({ source, binary }) => {
      let sourceVersion = versionOf.get(source);
      if (sourceVersion === undefined) {
        // mostly current, some hosts one to three updates behind
        const behind = random() < 0.7 ? 0 : 1 + Math.floor(random() * 3);
        versionOf.set(source, (sourceVersion = source.versions[source.versions.length - 1 - behind]!));
      }
      const version = binary.ownVersion ?? (binary.binNmu ? `${sourceVersion}+b1` : sourceVersion);
      return { name: binary.name, arch: 'amd64', version, sourceName: source.name, sourceVersion };
    });
    return { id: `host-${h}`, packages };
  });
}

export function generateAdvisories(sources: Source[], random: () => number): Advisory[] {
  // Zipf over sources (weight 1/rank^0.8), the hot ranks dealt to random sources, core or not
  const ranks = sources.map((_, i) => i);
  for (let i = ranks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
  }
  const weights = ranks.map((rank) => 1 / (rank + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w) => (cumulative.push(acc + w / total), acc + w / total), 0);
  const sourceAt = (x: number) => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return sources[lo]!;
  };
  return Array.from({ length: ADVISORIES }, (_, i): Advisory => {
    const source = sourceAt(random());
    const r = random();
    const [v0, v1, v2, v3] = source.versions as [string, string, string, string];
    // Most records of a release were fixed before any host's version (or never affected it); a few are
    // open, fixed only in the last updates, or fixed in an update no host has yet.
    const events =
      r < 0.7 ? [{ introduced: '0' }, { fixed: v0 }]
      : r < 0.8 ? [{ introduced: '0' }, { fixed: v1 }]
      : r < 0.88 ? [{ introduced: v1 }, { fixed: v3 }]
      : r < 0.92 ? [{ introduced: '0' }, { last_affected: v1 }]
      : r < 0.96 ? [{ introduced: '0' }]
      : [{ introduced: '0' }, { fixed: `${v3}+deb12u9` }];
    const n = String(i).padStart(6, '0');
    // Drawn in this order so a seed generates the feed it always did.
    const withdrawn = random() < 0.01 ? '2026-12-02T00:00:00Z' : null;
    const versions = random() < 0.03 ? [v0] : [];
    return advisory(`DEBIAN-CVE-2026-${n}`, [{ ecosystem: ECOSYSTEM, name: source.name, ranges: [{ type: 'ECOSYSTEM', events }], versions }], {
      cves: [`CVE-2026-${n}`],
      modified: '2026-12-01T00:00:00Z',
      withdrawn,
    });
  });
}

/** Plain text order: what a matcher that compares strings would do (wrong, and the floor of the cost). */
const TEXT: OpaqueScheme = {
  name: 'text',
  parse: (text) => ({ ok: true, version: text }),
  compare: (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0),
};
const TEXT_ORDERS: VersionOrders = { forEcosystem: () => TEXT, semver: TEXT };

interface Figures {
  buildMs: number;
  fullMatchMs: number;
  /** CPU time (user + system) of the index build and full match: on a shared machine wall time is not all ours */
  fullCpuMs: number;
  findings: number;
  newAdvisoryMs: number[];
  newAdvisoryFindings: number;
  hostInventoryMs: number[];
  hostFindings: number;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(orders: VersionOrders | undefined, hosts: Host[], advisories: Advisory[], sources: Source[]): Figures {
  const index = new AdvisoryIndex({ orders });
  const cpu = process.cpuUsage();
  let t = process.hrtime.bigint();
  for (const a of advisories) index.upsert(a);
  const buildMs = ms(t);

  t = process.hrtime.bigint();
  let findings = 0;
  for (const host of hosts) findings += index.matchHost(ECOSYSTEM, host.packages).length;
  const fullMatchMs = ms(t);
  const used = process.cpuUsage(cpu);
  const fullCpuMs = (used.user + used.system) / 1000;

  // What the store's (org, source_name) index answers: the hosts and packages built from a source.
  const bySource = new Map<string, { host: Host; packages: HostPackage[] }[]>();
  for (const host of hosts) {
    const mine = new Map<string, HostPackage[]>();
    for (const p of host.packages) mine.set(p.sourceName!, [...(mine.get(p.sourceName!) ?? []), p]);
    for (const [source, packages] of mine) bySource.set(source, [...(bySource.get(source) ?? []), { host, packages }]);
  }

  // New advisories on sources every host runs (the core set), each re-matched across the fleet.
  const newAdvisoryMs: number[] = [];
  let newAdvisoryFindings = 0;
  for (let i = 0; i < 20; i++) {
    const source = sources[i * 7]!;
    const advisory: Advisory = { ...advisories[0]!, id: `NEW-${i}`, withdrawn: null, affected: [{ ecosystem: ECOSYSTEM, name: source.name, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: source.versions[3]! }] }], versions: [] }] };
    t = process.hrtime.bigint();
    index.upsert(advisory);
    let found = 0;
    for (const target of index.targetsOf(advisory.id)) {
      for (const { packages } of bySource.get(target.name) ?? []) found += index.matchHost(ECOSYSTEM, packages, advisory.id).length;
    }
    newAdvisoryMs.push(ms(t));
    newAdvisoryFindings = found;
  }

  // One host's new inventory: 100 of its packages upgraded to versions no host ran before.
  const hostInventoryMs: number[] = [];
  let hostFindings = 0;
  for (let i = 0; i < 20; i++) {
    const host = hosts[i]!;
    const packages = host.packages.map((p, j) => (j % 15 === i % 15 ? { ...p, version: `${p.version}+u${i}`, sourceVersion: `${p.sourceVersion}+u${i}` } : p));
    t = process.hrtime.bigint();
    hostFindings = index.matchHost(ECOSYSTEM, packages).length;
    hostInventoryMs.push(ms(t));
  }
  return { buildMs, fullMatchMs, fullCpuMs, findings, newAdvisoryMs, newAdvisoryFindings, hostInventoryMs, hostFindings };
}

function storeTable(stored: StoreFigures[], s: (x: number) => string): string {
  if (stored.length === 0) return '';
  const row = (label: string, f: (x: StoreFigures) => string) => `| ${label} | ${stored.map(f).join(' | ')} |`;
  const spread = (xs: number[]) => `${s(median(xs))} (${s(Math.max(...xs))})`;
  return `
Through the store: the first ${STORE_HOSTS.toLocaleString('en')} hosts of the same fleet and all ${ADVISORIES.toLocaleString('en')} advisories written into a fresh
database (inventories with \`inventory.replace\`, advisories with \`advisories.upsert\` in batches of 1,000), then the
server's matching worker timed pass by pass (\`tick()\`, what its timer runs: poll, match, write findings with
\`findings.replaceForAgent\` / \`replaceForAdvisory\`). The one-advisory and one-host rows time the pass after the
write, not the write; median of 5 (max).

| through the store | ${stored.map((x) => x.dialect).join(' | ')} |
|---|${stored.map(() => '---:').join('|')}|
${row('load the inventories (setup)', (x) => s(x.loadInventoriesMs))}
${row('load the advisories (setup)', (x) => s(x.loadAdvisoriesMs))}
${row('first pass: file every advisory, match every host, write the findings', (x) => `${s(x.fullMatchMs)} (${x.findingRows.toLocaleString('en')} finding rows)`)}
${row('pass after one new advisory', (x) => spread(x.newAdvisoryMs))}
${row("pass after one host's new inventory", (x) => spread(x.hostInventoryMs))}
`;
}

/**
 * Runs the benchmark and returns its RESULTS.md section.
 *
 * ```ts
 * writeVulnsSection((await vulnsMatchingBench()).markdown);
 * ```
 */
export async function vulnsMatchingBench(): Promise<{ markdown: string }> {
  const loadBefore = loadavg()[0]!;
  const random = rng(19);
  let t = process.hrtime.bigint();
  const sources = generateSources(random);
  const hosts = generateFleet(sources, random);
  const advisories = generateAdvisories(sources, random);
  const generateMs = ms(t);
  const baseline = measure(TEXT_ORDERS, hosts, advisories, sources);
  const exact = measure(undefined, hosts, advisories, sources);
  const stored: StoreFigures[] = [];
  for (const dialect of STORES) stored.push(await storeMatchingBench(dialect, hosts.slice(0, STORE_HOSTS), advisories, sources));
  const loadAfter = loadavg()[0]!;

  const s = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  const fullExact = exact.buildMs + exact.fullMatchMs;
  const fullBase = baseline.buildMs + baseline.fullMatchMs;
  const [advExact, advBase] = [median(exact.newAdvisoryMs), median(baseline.newAdvisoryMs)];
  const [advMaxExact, advMaxBase] = [Math.max(...exact.newAdvisoryMs), Math.max(...baseline.newAdvisoryMs)];
  const [hostExact, hostBase] = [median(exact.hostInventoryMs), median(baseline.hostInventoryMs)];
  const [hostMaxExact, hostMaxBase] = [Math.max(...exact.hostInventoryMs), Math.max(...baseline.hostInventoryMs)];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const markdown = `${SECTION}

Measured on ${new Date().toISOString().slice(0, 10)} with \`BENCH_ONLY=vulns npm run bench\` or as part of \`npm run bench\`
(${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; 1-minute load average ${loadBefore.toFixed(1)} at the start,
${loadAfter.toFixed(1)} at the end). The matcher alone (\`@vigil/vulns\` AdvisoryIndex, one process, no database):
${HOSTS.toLocaleString('en')} generated Debian 12 hosts × ${PACKAGES.toLocaleString('en')} binary packages
(${SOURCES.toLocaleString('en')} source packages, each at its current version or up to three security updates behind; binNMU
binaries and binaries with versions of their own) against ${ADVISORIES.toLocaleString('en')} Debian 12 advisories spread
over the sources by Zipf's law (exponent 0.8), 70 % of them fixed before the oldest installed version, 4 % unfixed, 4 % with only \`last_affected\`, the rest fixed in updates some or all hosts lack (generated in ${s(generateMs)}). The baseline is the same index and loops
with plain text order in place of dpkg's (wrong, and the floor of what matching costs): the ratio is what
exact version order costs.

| measure | exact (dpkg order) | baseline (text order) | ratio | target |
|---|---:|---:|---:|---:|
| full match: index ${ADVISORIES.toLocaleString('en')} advisories, then match every host (${exact.findings.toLocaleString('en')} findings) | ${s(fullExact)} (index ${s(exact.buildMs)}, match ${s(exact.fullMatchMs)}) | ${s(fullBase)} (index ${s(baseline.buildMs)}, match ${s(baseline.fullMatchMs)}) | ${ratio(fullExact, fullBase)} | < 30 s |
| CPU time of the full match (user + system) | ${s(exact.fullCpuMs)} | ${s(baseline.fullCpuMs)} | ${ratio(exact.fullCpuMs, baseline.fullCpuMs)} | — |
| one new advisory on a source every host runs, re-matched across the fleet (${exact.newAdvisoryFindings.toLocaleString('en')} findings), median of 20 (max) | ${s(advExact)} (${s(advMaxExact)}) | ${s(advBase)} (${s(advMaxBase)}) | ${ratio(advExact, advBase)} | < 1 s |
| one host's new inventory (100 packages at versions no host ran), re-matched against every advisory (${exact.hostFindings} findings), median of 20 (max) | ${s(hostExact)} (${s(hostMaxExact)}) | ${s(hostBase)} (${s(hostMaxBase)}) | ${ratio(hostExact, hostBase)} | < 200 ms |

- ${verdict(fullExact < 30_000)}: full match < 30 s — ${s(fullExact)}
- ${verdict(advMaxExact < 1000)}: one new advisory < 1 s — ${s(advMaxExact)} at most
- ${verdict(hostMaxExact < 200)}: one host's new inventory < 200 ms — ${s(hostMaxExact)} at most
${storeTable(stored, s)}`;
  console.log(markdown);
  return { markdown };
}

/** Replaces this benchmark's section of RESULTS.md. */
export function writeVulnsSection(markdown: string): void {
  writeResultsSection(SECTION, markdown);
}
