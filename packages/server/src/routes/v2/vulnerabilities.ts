/**
 * Vulnerabilities (reference §2 rows 9–12, §3.4): what the matcher found on the organization's hosts, in
 * Threat Stack's cve shape. A list item is one CVE on one installed package of one host — `agents` holds
 * that host alone — because GetVulnerabilities writes one CSV row per item from `agents[0].agentId`.
 * Lists show active (unsuppressed) findings unless `status` (or the Python client's `active=false`) asks
 * for suppressed ones or all; a CVE's own resources show every finding of it.
 * @module
 */
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { VulnerabilityFilter, VulnerabilityStatus } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { cursorFrom, pageBody } from '../../http/paging.js';
import { errorResponses, Paged, TokenQuery } from '../../http/schemas.js';
import {
  AffectedServer,
  AgentIdParam,
  PackageName,
  QueryBoolean,
  VulnId,
  Vulnerability,
  VulnSeverityParam,
  VulnStatus,
} from '../../http/vulnerability-schemas.js';
import { presentCve, presentVulnerability } from '../../presenters/vulnerabilities.js';
import { suppressionRoutes } from './vulnerability-suppressions.js';

const TAGS = ['Vulnerabilities'];
const PAGE_SIZE = 100;
/** Groups read per query when folding one CVE's findings into its cve object. */
const FOLD_PAGE = 1000;

const ListQuery = Type.Object({
  status: Type.Optional(VulnStatus),
  active: Type.Optional(QueryBoolean),
  agentId: Type.Optional(AgentIdParam),
  hasSecurityNotices: Type.Optional(QueryBoolean),
  package: Type.Optional(PackageName),
  severity: Type.Optional(VulnSeverityParam),
  ...TokenQuery,
});
const StatusQuery = Type.Object({ status: Type.Optional(VulnStatus), active: Type.Optional(QueryBoolean), ...TokenQuery });
const CveParams = Type.Object({ cve: VulnId });

const LIST_DESCRIPTION =
  'One item per CVE, host and installed package, ordered by CVE, 100 per page. `status`: active (default; not suppressed), ' +
  'suppressed or all; the Python client\'s `active=true|false` means active or suppressed. `package` matches the installed ' +
  'or the source package; `severity` the worst severity of the advisories about it; `hasSecurityNotices=true` keeps those ' +
  'a DSA/USN… announced. Findings whose installed version could not be compared are not listed.';

/** `status`, or `active` as the Python client sends it; both disagreeing is a 400. */
function statusOf(query: { status?: VulnerabilityStatus; active?: string }, fallback: VulnerabilityStatus): VulnerabilityStatus {
  const fromActive = query.active === undefined ? undefined : query.active.toLowerCase() === 'true' ? 'active' : 'suppressed';
  if (query.status !== undefined && fromActive !== undefined && query.status !== fromActive) {
    throw apiError('VIGIL_INVALID_PARAMETER', 'active', `active=${query.active} contradicts status=${query.status}`);
  }
  return query.status ?? fromActive ?? fallback;
}

/** CVE ids are listed upper-case; other advisory ids as their feed spells them. */
const normalizeId = (id: string) => (/^cve-/i.test(id) ? id.toUpperCase() : id);

/** Registers the vulnerability routes on a Hawk-protected context. */
export async function vulnerabilityRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;
  const tokens = app.vigil.tokens('vulnerabilities');
  const serverTokens = app.vigil.tokens('vulnerability-servers');
  const packageTokens = app.vigil.tokens('vulnerability-packages');

  /** Every group of one CVE in the organization (all statuses); 404 when none of its hosts has it. */
  async function groupsOf(orgId: string, cve: string) {
    const groups = [];
    let after: [number, string] | undefined;
    do {
      const page = await store.vulnerabilities.list(orgId, { status: 'all', cve }, { limit: FOLD_PAGE, after });
      groups.push(...page.items);
      after = page.next;
    } while (after);
    if (groups.length === 0) throw apiError('VIGIL_NOT_FOUND', `Vulnerability ${cve}`);
    return groups;
  }

  app.get(
    '/vulnerabilities',
    {
      schema: {
        tags: TAGS,
        summary: 'List vulnerabilities',
        description: LIST_DESCRIPTION,
        querystring: ListQuery,
        response: { 200: Paged('cves', Vulnerability), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const orgId = callerOf(request).orgId;
      const filter: VulnerabilityFilter = {
        status: statusOf(q, 'active'),
        agentId: q.agentId,
        package: q.package,
        severity: q.severity,
        hasSecurityNotices: q.hasSecurityNotices === undefined ? undefined : q.hasSecurityNotices.toLowerCase() === 'true',
      };
      const after = cursorFrom(tokens, q);
      if (q.agentId !== undefined && !(await store.agents.get(orgId, q.agentId))) throw apiError('VIGIL_NOT_FOUND', 'Agent');
      const page = await store.vulnerabilities.list(orgId, filter, { limit: PAGE_SIZE, after });
      return pageBody('cves', page, presentVulnerability, tokens, q);
    },
  );

  app.get(
    '/vulnerabilities/package/:package',
    {
      schema: {
        tags: TAGS,
        summary: "List a package's vulnerabilities",
        description:
          'The vulnerabilities of one package, installed (binary) or source name, in the list\'s item shape under `packages`, 100 per page; `status` as for the list (default active). An unknown package has none.',
        params: Type.Object({ package: PackageName }),
        querystring: StatusQuery,
        response: { 200: Paged('packages', Vulnerability), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      // The package is part of the token's query, so one package's token does not page another's.
      const query = { ...q, package: request.params.package };
      const page = await store.vulnerabilities.list(
        callerOf(request).orgId,
        { status: statusOf(q, 'active'), package: request.params.package },
        { limit: PAGE_SIZE, after: cursorFrom(packageTokens, query) },
      );
      return pageBody('packages', page, presentVulnerability, packageTokens, query);
    },
  );

  app.get(
    '/vulnerabilities/:cve',
    {
      schema: {
        tags: TAGS,
        summary: 'Get one vulnerability',
        description:
          'The CVE across the organization\'s hosts: every installed and source package it was found in, its worst severity, all notices and every affected host; `isSuppressed` when every finding is. 404 when no host has it.',
        params: CveParams,
        response: { 200: Vulnerability, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => presentCve(await groupsOf(callerOf(request).orgId, normalizeId(request.params.cve))),
  );

  app.get(
    '/vulnerabilities/:cve/servers',
    {
      schema: {
        tags: TAGS,
        summary: 'List the hosts a vulnerability affects',
        description: 'Hosts with the CVE, by agent id, 100 per page; `status` active, suppressed or all (default all). 404 when no host has it.',
        params: CveParams,
        querystring: StatusQuery,
        response: { 200: Paged('servers', AffectedServer), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const orgId = callerOf(request).orgId;
      const cve = normalizeId(request.params.cve);
      const q = request.query;
      const query = { ...q, cve };
      const status = statusOf(q, 'all');
      const after = cursorFrom(serverTokens, query);
      const known = await store.vulnerabilities.list(orgId, { status: 'all', cve }, { limit: 1 });
      if (known.items.length === 0) throw apiError('VIGIL_NOT_FOUND', `Vulnerability ${cve}`);
      const page = await store.vulnerabilities.servers(orgId, cve, { status }, { limit: PAGE_SIZE, after });
      return pageBody('servers', page, (s) => s, serverTokens, query);
    },
  );

  await app.register(suppressionRoutes);
}
