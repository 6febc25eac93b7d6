/**
 * `client.vulnerabilities`: `GET /v2/vulnerabilities`, a CVE, the hosts it affects, a package's
 * vulnerabilities, and `client.vulnerabilities.suppressions`.
 * @module
 */
import type { RequestSender } from '../http/request-sender.js';
import type { ListPromise } from '../paging.js';
import type { CallOptions } from '../types.js';
import type { AffectedServer, SuppressionInput, Vulnerability, VulnerabilitySuppression } from '../vulnerability-types.js';
import { ApiResource, splitSignal } from './api-resource.js';

export type VulnerabilityStatus = 'active' | 'suppressed' | 'all';

/** Filters for {@link VulnerabilitiesResource.list}. */
export interface VulnerabilityListParams extends CallOptions {
  /** active (the API's default): not suppressed; suppressed; all */
  status?: VulnerabilityStatus;
  agentId?: string;
  /** only those a DSA/USN… announced */
  hasSecurityNotices?: boolean;
  /** the installed or the source package */
  package?: string;
  severity?: 'critical' | 'high' | 'medium' | 'low' | 'unknown';
}

/** `status` for a CVE's hosts or a package's vulnerabilities. */
export interface VulnerabilityStatusParams extends CallOptions {
  status?: VulnerabilityStatus;
}

/**
 * Suppressions: accepted risks by CVE, package, agent or agent tag, with a reason and an optional expiry.
 *
 * ```ts
 * await client.vulnerabilities.suppressions.create({ cve: 'CVE-2024-1234', reason: 'not reachable', expiresAt: '2025-01-01' });
 * ```
 */
export class VulnSuppressionsResource extends ApiResource {
  /**
   * Newest first; `active: true` in force, `false` expired, absent all.
   *
   * ```ts
   * for await (const s of client.vulnerabilities.suppressions.list({ active: true })) console.log(s.id, s.reason);
   * ```
   */
  list(params: { active?: boolean } & CallOptions = {}): ListPromise<VulnerabilitySuppression> {
    const [query, signal] = splitSignal(params);
    return this.paged<VulnerabilitySuppression>('/v2/vulnerabilities/suppressions', 'suppressions', { ...query }, signal);
  }

  /** ```ts const s = await client.vulnerabilities.suppressions.retrieve(id); ``` */
  retrieve(id: string, options: CallOptions = {}): Promise<VulnerabilitySuppression> {
    return this.get<VulnerabilitySuppression>(`/v2/vulnerabilities/suppressions/${this.id(id)}`, undefined, options.signal);
  }

  /** ```ts await client.vulnerabilities.suppressions.create({ package: 'openssl', reason: 'patched in place' }); ``` */
  create(input: SuppressionInput, options: CallOptions = {}): Promise<VulnerabilitySuppression> {
    return this.write<VulnerabilitySuppression>('POST', '/v2/vulnerabilities/suppressions', input, options.signal);
  }

  /** Replaces every field. ```ts await client.vulnerabilities.suppressions.update(id, { cve, reason }); ``` */
  update(id: string, input: SuppressionInput, options: CallOptions = {}): Promise<VulnerabilitySuppression> {
    return this.write<VulnerabilitySuppression>('PUT', `/v2/vulnerabilities/suppressions/${this.id(id)}`, input, options.signal);
  }

  /** The findings it hid are active again. ```ts await client.vulnerabilities.suppressions.delete(id); ``` */
  async delete(id: string, options: CallOptions = {}): Promise<void> {
    await this.write('DELETE', `/v2/vulnerabilities/suppressions/${this.id(id)}`, undefined, options.signal);
  }
}

/**
 * What the matcher found on the organization's hosts, one item per CVE, host and installed package.
 *
 * ```ts
 * for await (const v of client.vulnerabilities.list({ severity: 'critical' })) console.log(v.cveNumber, v.agents[0].hostname);
 * ```
 */
export class VulnerabilitiesResource extends ApiResource {
  readonly suppressions: VulnSuppressionsResource;

  constructor(sender: RequestSender) {
    super(sender);
    this.suppressions = new VulnSuppressionsResource(sender);
  }

  /** ```ts const page = await client.vulnerabilities.list({ status: 'all', agentId }); ``` */
  list(params: VulnerabilityListParams = {}): ListPromise<Vulnerability> {
    const [query, signal] = splitSignal(params);
    return this.paged<Vulnerability>('/v2/vulnerabilities', 'cves', { ...query }, signal);
  }

  /** One CVE across every host; a NotFoundError when no host has it. ```ts await client.vulnerabilities.retrieve('CVE-2024-1234'); ``` */
  retrieve(cve: string, options: CallOptions = {}): Promise<Vulnerability> {
    return this.get<Vulnerability>(`/v2/vulnerabilities/${this.id(cve, 'cve')}`, undefined, options.signal);
  }

  /** The hosts a CVE affects. ```ts for await (const s of client.vulnerabilities.servers(cve)) console.log(s.hostname); ``` */
  servers(cve: string, params: VulnerabilityStatusParams = {}): ListPromise<AffectedServer> {
    const [query, signal] = splitSignal(params);
    return this.paged<AffectedServer>(`/v2/vulnerabilities/${this.id(cve, 'cve')}/servers`, 'servers', { ...query }, signal);
  }

  /** A package's vulnerabilities (installed or source name). ```ts await client.vulnerabilities.package('openssl').all(); ``` */
  package(name: string, params: VulnerabilityStatusParams = {}): ListPromise<Vulnerability> {
    const [query, signal] = splitSignal(params);
    return this.paged<Vulnerability>(`/v2/vulnerabilities/package/${this.id(name, 'package')}`, 'packages', { ...query }, signal);
  }
}
