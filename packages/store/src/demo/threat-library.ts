/**
 * The demo organization's threat library (ThreatQ's): the attacker addresses its alerts connect to as
 * indicators, with a few domains, a URL, hashes and the CVEs its hosts are exposed to; the events and
 * adversaries they belong to, linked both ways, so that the console's threat library opens on something
 * to search and follow. Fixed content (no randomness): the same on every load.
 * @module
 */

import { eventType, generatedScore, indicatorHash, indicatorStatus, indicatorType, normalizeIndicatorValue } from '@vigil/intel';
import type { IndicatorUpsert } from '../repos/indicators-types.js';
import type { Store } from '../store-types.js';
import { HOSTILE_IPS } from './accounts.js';

const FEED = 'Vigil demo feed';
const ANALYST = 'Vigil demo analyst';
/** The weight the ThreatQ API gives a source it has no other weight for (indicator-input.ts). */
const SOURCE_WEIGHT = 5;

export interface DemoIndicator {
  value: string;
  type: string;
  status: 'Active' | 'Review' | 'Expired';
  description?: string;
  sources: string[];
  attributes?: Array<[string, string]>;
  tags?: string[];
}

export interface DemoThreatObject {
  /** event title or adversary name */
  name: string;
  description: string;
  /** the values of the indicators it is linked to */
  indicators: string[];
}

export interface DemoThreatEvent extends DemoThreatObject {
  type: string;
  /** how long before `now` it happened */
  agoMs: number;
  /** names of the adversaries it is linked to */
  adversaries: string[];
}

const DAY = 86_400_000;
const [C2_A, C2_B, SCANNER_A, SCANNER_B, POOL_A, POOL_B] = HOSTILE_IPS as [string, string, string, string, string, string];

const ip = (value: string, role: string, tags: string[]): DemoIndicator => ({
  value,
  type: 'IP Address',
  status: 'Active',
  sources: [FEED],
  attributes: [['Threat Type', role]],
  tags,
});

/** What the library holds; its indicator values are unique. */
export const DEMO_THREAT_LIBRARY: { indicators: DemoIndicator[]; adversaries: DemoThreatObject[]; events: DemoThreatEvent[] } = {
  indicators: [
    ip(C2_A, 'Command and control', ['c2', 'linux']),
    ip(C2_B, 'Command and control', ['c2']),
    ip(SCANNER_A, 'Scanner', ['ssh-bruteforce']),
    ip(SCANNER_B, 'Scanner', ['ssh-bruteforce']),
    ip(POOL_A, 'Mining pool', ['cryptomining']),
    ip(POOL_B, 'Mining pool', ['cryptomining']),
    { value: 'update-cdn.example.net', type: 'FQDN', status: 'Active', description: 'Stager host of the cryptomining campaign.', sources: [FEED, ANALYST], attributes: [['Threat Type', 'Malware delivery']], tags: ['cryptomining'] },
    { value: 'xmr-pool.example.org', type: 'FQDN', status: 'Active', sources: [FEED], attributes: [['Threat Type', 'Mining pool']], tags: ['cryptomining'] },
    { value: 'login-office365.example.com', type: 'FQDN', status: 'Review', description: 'Credential phishing page reported by a user.', sources: [ANALYST], tags: ['phishing'] },
    { value: `http://${C2_A}:8081/x.sh`, type: 'URL', status: 'Active', description: 'The dropper the compromised hosts fetched.', sources: [FEED], tags: ['cryptomining', 'dropper'] },
    { value: 'billing@example.com', type: 'Email Address', status: 'Review', sources: [ANALYST], tags: ['phishing'] },
    { value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', type: 'SHA-256', status: 'Active', description: 'x.sh, the dropper.', sources: [FEED], attributes: [['Malware Family', 'XMRig loader']], tags: ['cryptomining'] },
    { value: 'e99a18c428cb38d5f260853678922e03', type: 'MD5', status: 'Expired', sources: [FEED], attributes: [['Malware Family', 'Mirai variant']] },
    { value: 'CVE-2024-6387', type: 'CVE', status: 'Active', description: 'regreSSHion: OpenSSH sshd signal handler race (remote code execution).', sources: [FEED], tags: ['ssh'] },
    { value: 'CVE-2023-4911', type: 'CVE', status: 'Active', description: 'Looney Tunables: glibc ld.so local privilege escalation.', sources: [FEED], tags: ['privilege-escalation'] },
  ],
  adversaries: [
    { name: 'Copper Mole (demo)', description: 'Cryptojacking crew that spreads through exposed SSH and container APIs on cloud hosts.', indicators: [C2_A, 'update-cdn.example.net', 'xmr-pool.example.org'] },
    { name: 'Paper Kite (demo)', description: 'Phishing operator harvesting cloud office credentials.', indicators: ['login-office365.example.com', 'billing@example.com'] },
  ],
  events: [
    {
      name: 'Cryptomining campaign against cloud hosts',
      type: 'Malware',
      agoMs: 6 * DAY,
      description: 'Hosts fetched x.sh from the stager and connected to mining pools.',
      adversaries: ['Copper Mole (demo)'],
      indicators: [C2_A, POOL_A, POOL_B, 'update-cdn.example.net', 'xmr-pool.example.org', `http://${C2_A}:8081/x.sh`, '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    },
    { name: 'SSH brute force from scanners', type: 'Sighting', agoMs: 3 * DAY, description: 'Repeated failed SSH logins on the bastions.', adversaries: [], indicators: [SCANNER_A, SCANNER_B, 'CVE-2024-6387'] },
    { name: 'Phishing wave: fake Office 365 login', type: 'Spearphish', agoMs: 1 * DAY, description: 'Invoices from billing@ linking to a credential page.', adversaries: ['Paper Kite (demo)'], indicators: ['login-office365.example.com', 'billing@example.com'] },
  ],
};

function upsertOf(i: DemoIndicator): IndicatorUpsert {
  const type = indicatorType(i.type);
  const status = indicatorStatus(i.status);
  if (!type || !status) throw new Error(`demo threat library: unknown type or status for ${i.value}`);
  const normalized = normalizeIndicatorValue(type.name, i.value);
  if (!normalized.ok) throw new Error(`demo threat library: ${i.value} is not a valid ${type.name}: ${normalized.reason}`);
  const sources = i.sources.map((name) => ({ name }));
  return {
    typeId: type.id,
    class: type.class,
    value: normalized.value,
    hash: indicatorHash(type.name, normalized.value),
    statusId: status.id,
    description: i.description ?? null,
    generatedScore: generatedScore({ typeName: type.name, sourceWeights: sources.map(() => SOURCE_WEIGHT) }),
    sources,
    attributes: (i.attributes ?? []).map(([name, value]) => ({ name, value, sources: [sources[0]!] })),
    tags: i.tags ?? [],
  };
}

/**
 * Writes DEMO_THREAT_LIBRARY into the organization through the store, once: an organization that already
 * has its first adversary (adversary names are unique) got it from an earlier demo load and is left as is.
 * ```ts
 * await loadDemoThreatLibrary(store, orgId, Date.now());
 * ```
 */
export async function loadDemoThreatLibrary(store: Store, orgId: string, now: number): Promise<void> {
  const { indicators, adversaries, events } = DEMO_THREAT_LIBRARY;
  if ((await store.adversaries.list({ orgId, limit: 1, offset: 0, name: adversaries[0]!.name })).total > 0) return;
  const stored = await store.indicators.upsertMany(orgId, indicators.map(upsertOf), now);
  const idOf = new Map(indicators.map((i, n) => [i.value, stored[n]!.id]));
  const ids = (values: string[]) =>
    values.map((v) => {
      const id = idOf.get(v);
      if (id === undefined) throw new Error(`demo threat library: no indicator ${v}`);
      return id;
    });
  const adversaryId = new Map<string, number>();
  for (const a of adversaries) {
    const created = await store.adversaries.create(orgId, { name: a.name, description: a.description, sources: [{ name: FEED }] }, now);
    adversaryId.set(a.name, created.id);
    await store.objectLinks.link(orgId, { type: 'adversary', id: created.id }, 'indicator', ids(a.indicators), now);
  }
  for (const e of events) {
    const type = eventType(e.type);
    if (!type) throw new Error(`demo threat library: unknown event type ${e.type}`);
    const created = await store.threatEvents.create(orgId, { title: e.name, typeId: type.id, happenedAt: now - e.agoMs, description: e.description, sources: [{ name: FEED }] }, now);
    const ref = { type: 'event' as const, id: created.id };
    await store.objectLinks.link(orgId, ref, 'indicator', ids(e.indicators), now);
    if (e.adversaries.length > 0) await store.objectLinks.link(orgId, ref, 'adversary', e.adversaries.map((n) => adversaryId.get(n)!), now);
  }
}
