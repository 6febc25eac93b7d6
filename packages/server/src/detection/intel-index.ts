/**
 * An organization's threat-library indicators as detection matches them, in memory: exact values (IP and
 * IPv6 addresses, FQDNs, URLs, file hashes) in one Map, CIDR blocks in one Map per prefix length (an
 * address is looked up once per prefix length in use). Only Active indicators match; Whitelisted ones form
 * the whitelist (values and CIDR blocks), and an event value on it never matches. Entries hold indicator ids
 * only, so a million indicators stay small; details are read when something matches (`intel-hits.ts`).
 * The organization's whitelist entries (`whitelist`, set by `intel-cache.ts`) are checked for each match too.
 * @module
 */
import { indicatorStatus, indicatorType, normalizeIndicatorValue } from '@vigil/intel';
import type { IndicatorMatchRow, WhitelistMatcher } from '@vigil/store';

const typeId = (name: string) => indicatorType(name)!.id;
const ACTIVE = indicatorStatus('Active')!.id;
const WHITELISTED = indicatorStatus('Whitelisted')!.id;
const CIDR = typeId('CIDR Block');
/** Types matched by exact value (CIDR blocks are matched by prefix). */
const EXACT_TYPES = new Set(['IP Address', 'IPv6 Address', 'FQDN', 'URL', 'MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].map(typeId));

/** Event fields looked at, by what they hold. */
export const INTEL_IP_FIELDS = ['dst_ip', 'src_ip'] as const;
export const INTEL_HOST_FIELDS = ['domain', 'hostname'] as const;
export const INTEL_URL_FIELDS = ['url'] as const;
export const INTEL_HASH_FIELDS = ['md5', 'sha1', 'sha256'] as const;

/** One matched indicator: which event field, with which (normalized) value. */
export interface IntelMatch {
  indicatorId: number;
  field: string;
  value: string;
}

function ipv4Number(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (part === '' || !Number.isInteger(octet) || octet < 0 || octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

const maskV4 = (n: number, prefix: number) => (prefix === 32 ? n : Math.floor(n / 2 ** (32 - prefix)) * 2 ** (32 - prefix));

/** Values and blocks of one kind (the active indicators, or the whitelist). */
class ValueTable {
  readonly exact = new Map<string, number>();
  readonly v4 = new Map<number, Map<number, number>>();
  readonly v6 = new Map<number, Map<string, number>>();

  /** the map and key a row lives under, or undefined for values detection never matches */
  slot(row: IndicatorMatchRow): [Map<unknown, number>, unknown] | undefined {
    if (EXACT_TYPES.has(row.typeId)) return [this.exact, row.value];
    if (row.typeId !== CIDR) return undefined;
    const slash = row.value.indexOf('/');
    const prefix = Number(row.value.slice(slash + 1));
    const address = row.value.slice(0, slash);
    if (address.includes(':')) {
      let byNetwork = this.v6.get(prefix);
      if (byNetwork === undefined) this.v6.set(prefix, (byNetwork = new Map()));
      return [byNetwork, row.value];
    }
    const n = ipv4Number(address);
    if (n === undefined) return undefined;
    let byNetwork = this.v4.get(prefix);
    if (byNetwork === undefined) this.v4.set(prefix, (byNetwork = new Map()));
    return [byNetwork, maskV4(n, prefix)];
  }

  /** the indicator holding an address, exactly or by a block around it */
  address(value: string): number | undefined {
    const exact = this.exact.get(value);
    if (exact !== undefined) return exact;
    if (value.includes(':')) {
      for (const [prefix, byNetwork] of this.v6) {
        if (byNetwork.size === 0) continue;
        const block = normalizeIndicatorValue('CIDR Block', `${value}/${prefix}`);
        const id = block.ok ? byNetwork.get(block.value) : undefined;
        if (id !== undefined) return id;
      }
      return undefined;
    }
    if (this.v4.size === 0) return undefined;
    const n = ipv4Number(value);
    if (n === undefined) return undefined;
    for (const [prefix, byNetwork] of this.v4) {
      const id = byNetwork.get(maskV4(n, prefix));
      if (id !== undefined) return id;
    }
    return undefined;
  }
}

/**
 * The index. Build it from every row, then `apply` changed rows as they come (idempotent).
 *
 * ```ts
 * const index = new IntelIndex();
 * index.apply(await store.indicators.matchRows(orgId));
 * index.match({ event_type: 'connect', dst_ip: '203.0.113.5' }); // [{ indicatorId: 7, field: 'dst_ip', value: '203.0.113.5' }]
 * ```
 */
export class IntelIndex {
  private readonly active = new ValueTable();
  private readonly whitelisted = new ValueTable();

  /** active indicators held */
  size = 0;
  /** the organization's whitelist (entries and CIDR blocks); a value it matches never matches here */
  whitelist: WhitelistMatcher | undefined;

  apply(rows: Iterable<IndicatorMatchRow>): void {
    for (const row of rows) {
      for (const table of [this.active, this.whitelisted]) {
        const slot = table.slot(row);
        if (slot !== undefined && slot[0].get(slot[1]) === row.id) {
          slot[0].delete(slot[1]);
          if (table === this.active) this.size--;
        }
      }
      if (row.deleted || (row.statusId !== ACTIVE && row.statusId !== WHITELISTED)) continue;
      const table = row.statusId === ACTIVE ? this.active : this.whitelisted;
      const slot = table.slot(row);
      if (slot === undefined) continue;
      if (table === this.active && !slot[0].has(slot[1])) this.size++;
      slot[0].set(slot[1], row.id);
    }
  }

  /** the active indicators an event's fields name, whitelisted values left out */
  match(data: Record<string, unknown>): IntelMatch[] {
    const out = this.matchIndicators(data);
    const whitelist = this.whitelist;
    return whitelist === undefined || out.length === 0 ? out : out.filter((m) => !whitelist.matches(m.value));
  }

  private matchIndicators(data: Record<string, unknown>): IntelMatch[] {
    const out: IntelMatch[] = [];
    if (this.size === 0) return out;
    for (const field of INTEL_IP_FIELDS) {
      const raw = data[field];
      if (typeof raw !== 'string' || raw === '') continue;
      const value = raw.includes(':') ? ipv6(raw) : raw;
      if (value === undefined) continue;
      const id = this.active.address(value);
      if (id !== undefined && this.whitelisted.address(value) === undefined) out.push({ indicatorId: id, field, value });
    }
    for (const field of INTEL_HOST_FIELDS) this.exactField(data, field, hostName(data[field]), out);
    for (const field of INTEL_URL_FIELDS) {
      const raw = data[field];
      if (typeof raw !== 'string' || raw === '') continue;
      const url = normalizeIndicatorValue('URL', raw);
      if (url.ok) this.exactField(data, field, url.value, out);
      let host: string | undefined;
      try {
        host = new URL(url.ok ? url.value : raw).hostname;
      } catch {
        host = undefined;
      }
      this.exactField(data, field, hostName(host), out);
    }
    for (const field of INTEL_HASH_FIELDS) {
      const raw = data[field];
      if (typeof raw === 'string' && raw !== '') this.exactField(data, field, raw.toLowerCase(), out);
    }
    return out;
  }

  private exactField(_data: Record<string, unknown>, field: string, value: string | undefined, out: IntelMatch[]): void {
    if (value === undefined) return;
    const id = this.active.exact.get(value);
    if (id !== undefined && !this.whitelisted.exact.has(value)) out.push({ indicatorId: id, field, value });
  }
}

function ipv6(raw: string): string | undefined {
  const normalized = normalizeIndicatorValue('IPv6 Address', raw);
  return normalized.ok ? normalized.value : undefined;
}

function hostName(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const lower = raw.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
