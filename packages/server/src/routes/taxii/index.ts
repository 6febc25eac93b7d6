/**
 * A TAXII 2.1 server under `/taxii2/` (reference threatq-api.md §3.1; OASIS TAXII 2.1 §4–§5):
 * discovery, one API root per organization (`/taxii2/<org id>/`), collections (saved searches over
 * indicators, managed through /api/taxii/collections), objects with `added_after`/`limit`/`next` paging,
 * single objects, versions and manifests; adding and deleting objects of collections marked can_write,
 * and status resources (taxii-writes.ts). Objects are the collection's indicator SDOs; an indicator's
 * updated_at is its date_added and version (one version per object). Every answer, errors included, is
 * `application/taxii+json;version=2.1`.
 * @module
 */
import { indicatorObject, indicatorStixId, type StixObject } from '@vigil/intel';
import type { Indicator, Role, TaxiiCollection } from '@vigil/store';
import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import type { LoginLimits } from '../../auth/oauth-login-limits.js';
import { dropEmptyQueryValues } from '../../http/empty-query-values.js';
import { installIpRateLimit, installOrgRateLimit } from '../../limits/rate-limit-hooks.js';
import type { RateLimiters } from '../../limits/rate-limiters.js';
import { PATTERN_TYPE_IDS, stixInputs } from './stix-objects.js';
import { installSessionAuth, type ConsoleSessionSettings } from '../../auth/console-session-auth.js';
import { installTaxiiAuth } from './taxii-auth.js';
import { installTaxiiErrorHandler, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, TaxiiError, taxiiSchemaErrors } from './taxii-errors.js';
import { encodeNext, readTaxiiFilters, type TaxiiFilters } from './taxii-paging.js';
import { CollectionParams, ObjectParams, RootParams, type TaxiiRequest } from './taxii-params.js';
import { taxiiWriteRoutes } from './taxii-writes.js';
import { TAG } from './openapi-tag.js';
import type { TypeBoxRequestProvider } from '../../http/type-provider.js';

export interface TaxiiRoutesOptions {
  limiters: RateLimiters;
  /** the failed-login budgets, shared with POST /api/token */
  loginLimits: LoginLimits;
  /** console sessions, accepted when a request has no Authorization header */
  sessions: ConsoleSessionSettings;
}

const TAXII_SECURITY: Array<Record<string, string[]>> = [{ taxiiBasic: [] }, { threatqBearer: [] }];
/** rows scanned per query when looking objects up by STIX id */
const SCAN_PAGE = 1000;

/** True when the Accept header admits TAXII 2.1 JSON (absent, a wildcard, or the media type without another version). */
function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.find((p) => p.startsWith('version='));
    return version === undefined || version === 'version=2.1';
  });
}

// Sent as bytes: for JSON media types fastify rewrites the type as version="2.1" plus a charset, and TAXII clients compare the string.
const taxii = (reply: FastifyReply, body: unknown) => reply.header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify(body)));
const notFound = (what: string) => new TaxiiError(404, 'Not found', `${what} not found`);

/** `role` is the caller's: a reader's role cannot write, whatever the collection allows. */
function presentCollection(c: TaxiiCollection, role: Role | undefined) {
  return {
    id: c.id,
    title: c.title,
    ...(c.description ? { description: c.description } : {}),
    can_read: true,
    can_write: c.canWrite && role !== undefined && role !== 'reader',
    media_types: [STIX_MEDIA_TYPE],
  };
}

const stamp = (ms: number) => new Date(ms).toISOString();

/**
 * Registers the TAXII server; mount it with prefix `/taxii2`.
 * ```ts
 * await app.register(taxiiRoutes, { prefix: '/taxii2', limiters, loginLimits, sessions });
 * ```
 */
export async function taxiiRoutes(parent: FastifyInstance, options: TaxiiRoutesOptions): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxRequestProvider>();
  const { store, config } = app.vigil;
  installTaxiiErrorHandler(app);
  app.setSchemaErrorFormatter(taxiiSchemaErrors);
  installIpRateLimit(app, options.limiters);
  app.addHook('onRequest', async (request) => {
    if (!acceptsTaxii(request.headers.accept)) {
      throw new TaxiiError(406, 'Not acceptable', `This server answers only ${TAXII_MEDIA_TYPE}`);
    }
  });
  // Writes check roles themselves (taxii-writes.ts), for sessions as for the other credentials.
  installSessionAuth(app, options.sessions, { refuseReaderWrites: false, required: false });
  installTaxiiAuth(app, { store, limits: options.loginLimits });
  app.setNotFoundHandler(() => {
    throw notFound('Resource');
  });
  installOrgRateLimit(app, options.limiters);
  dropEmptyQueryValues(app);

  /** The organization of an API root the principal belongs to (404 otherwise, so roots are not probed). */
  function rootOrg(request: TaxiiRequest<typeof RootParams>): string {
    const org = request.params.root;
    if (!request.taxii!.orgs.has(org)) throw notFound('API root');
    return org;
  }

  async function collection(request: TaxiiRequest<typeof CollectionParams>): Promise<TaxiiCollection> {
    const org = rootOrg(request);
    const found = /^[0-9a-f-]{36}$/i.test(request.params.id) ? await store.taxiiCollections.get(org, request.params.id.toLowerCase()) : undefined;
    if (!found) throw notFound('Collection');
    return found;
  }

  /**
   * Hashes of indicators whose SDO has one of these ids (scans the collection: ids are hashes of org and
   * value), or that an object added with one of these ids became (the caller narrows to the collection).
   */
  async function byStixIds(c: TaxiiCollection, ids: string[]): Promise<string[]> {
    const added = await store.taxiiObjectIds.hashes(c.orgId, ids);
    const wanted = new Set(ids.filter((id) => id.startsWith('indicator--')));
    const hashes: string[] = [];
    let after: { updatedAt: number; id: number } | undefined;
    for (;;) {
      if (wanted.size === 0) return added;
      const page = await store.taxiiCollections.objects(c, { typeIds: [...PATTERN_TYPE_IDS], after, limit: SCAN_PAGE });
      for (const i of page.items) if (wanted.has(indicatorStixId(i.orgId, i.hash))) hashes.push(i.hash);
      if (!page.next || hashes.length === wanted.size) return [...new Set([...added, ...hashes])];
      after = page.next;
    }
  }

  /** One page of the collection under the filters: the indicators and their SDOs. */
  async function page(c: TaxiiCollection, filters: TaxiiFilters): Promise<{ rows: Array<{ indicator: Indicator; object: StixObject }>; more: boolean; next?: string }> {
    const none = { rows: [], more: false };
    if (filters.types && !filters.types.includes('indicator')) return none;
    if (filters.specVersions && !filters.specVersions.includes('2.1')) return none;
    let hashes: string[] | undefined;
    if (filters.ids) {
      hashes = await byStixIds(c, filters.ids);
      if (hashes.length === 0) return none;
    }
    const found = await store.taxiiCollections.objects(c, { addedAfter: filters.addedAfter, after: filters.after, typeIds: [...PATTERN_TYPE_IDS], hashes, limit: filters.limit });
    const inputs = await stixInputs(store, found.items);
    const rows = found.items
      .map((indicator, i) => ({ indicator, object: indicatorObject(inputs[i]!) }))
      .filter((r): r is { indicator: Indicator; object: StixObject } => r.object !== undefined)
      // One version per object: first, last and all are that version; a timestamp must be it.
      .filter((r) => filters.versions.some((v) => typeof v === 'string' || v === r.indicator.updatedAt));
    return { rows, more: found.next !== undefined, next: found.next && encodeNext(found.next) };
  }

  function dateHeaders(reply: FastifyReply, rows: Array<{ indicator: Indicator }>): void {
    if (rows.length === 0) return;
    reply.header('X-TAXII-Date-Added-First', stamp(rows[0]!.indicator.updatedAt));
    reply.header('X-TAXII-Date-Added-Last', stamp(rows[rows.length - 1]!.indicator.updatedAt));
  }

  /** Route options with the TAXII tag, security and media type; `extra` keeps its types for the type provider. */
  const schema = <S extends FastifySchema>(summary: string, extra: S = {} as S) => ({
    schema: { tags: [TAG], summary: `TAXII 2.1: ${summary}`, security: TAXII_SECURITY, produces: [TAXII_MEDIA_TYPE], ...extra },
  });

  app.get('/', schema('discovery'), async (request, reply) => {
    const base = config.publicUrl ?? `${request.protocol}://${request.host}`;
    const roots = [...request.taxii!.orgs.keys()].sort().map((org) => `${base.replace(/\/$/, '')}/taxii2/${org}/`);
    return taxii(reply, {
      title: 'Vigil TAXII 2.1',
      description: 'Indicators of the Vigil threat library; one API root per organization.',
      ...(roots.length === 1 ? { default: roots[0] } : {}),
      api_roots: roots,
    });
  });

  app.get('/:root/', schema('API root', { params: RootParams }), async (request, reply) => {
    const org = await store.organizations.get(rootOrg(request));
    return taxii(reply, {
      title: `Vigil threat library: ${org?.name ?? request.params.root}`,
      description: 'Indicators (STIX 2.1) of one organization; collections with can_write accept new objects.',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: config.bodyLimit,
    });
  });

  app.get('/:root/collections/', schema('collections', { params: RootParams }), async (request, reply) => {
    const list = await store.taxiiCollections.list(rootOrg(request));
    const role = request.taxii!.orgs.get(request.params.root);
    return taxii(reply, { collections: list.map((c) => presentCollection(c, role)) });
  });

  app.get('/:root/collections/:id/', schema('one collection', { params: CollectionParams }), async (request, reply) =>
    taxii(reply, presentCollection(await collection(request), request.taxii!.orgs.get(request.params.root))),
  );

  app.get('/:root/collections/:id/objects/', schema('objects of a collection', { params: CollectionParams }), async (request, reply) => {
    const c = await collection(request);
    const result = await page(c, readTaxiiFilters(request.query as Record<string, unknown>));
    dateHeaders(reply, result.rows);
    return taxii(reply, { more: result.more, ...(result.next ? { next: result.next } : {}), objects: result.rows.map((r) => r.object) });
  });

  await taxiiWriteRoutes(app, { rootOrg, collection, byStixIds, schema, send: taxii });

  app.get('/:root/collections/:id/manifest/', schema('manifest of a collection', { params: CollectionParams }), async (request, reply) => {
    const c = await collection(request);
    const result = await page(c, readTaxiiFilters(request.query as Record<string, unknown>));
    dateHeaders(reply, result.rows);
    return taxii(reply, {
      more: result.more,
      ...(result.next ? { next: result.next } : {}),
      objects: result.rows.map((r) => ({ id: r.object.id, date_added: stamp(r.indicator.updatedAt), version: r.object.modified, media_type: STIX_MEDIA_TYPE })),
    });
  });

  async function oneObject(request: TaxiiRequest<typeof ObjectParams> & { query: unknown }) {
    const c = await collection(request);
    const filters = readTaxiiFilters(request.query as Record<string, unknown>);
    const result = await page(c, { ...filters, ids: [request.params.objectId] });
    if (result.rows.length === 0) throw notFound('Object');
    return result;
  }

  app.get('/:root/collections/:id/objects/:objectId/', schema('one object', { params: ObjectParams }), async (request, reply) => {
    const result = await oneObject(request);
    dateHeaders(reply, result.rows);
    return taxii(reply, { more: false, objects: result.rows.map((r) => r.object) });
  });

  app.get('/:root/collections/:id/objects/:objectId/versions/', schema('versions of an object', { params: ObjectParams }), async (request, reply) => {
    const result = await oneObject(request);
    dateHeaders(reply, result.rows);
    return taxii(reply, { more: false, versions: result.rows.map((r) => r.object.modified) });
  });
}
