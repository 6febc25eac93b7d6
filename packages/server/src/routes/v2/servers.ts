/**
 * `GET /v2/aws/ec2` (reference §2 row 27, §3.7): the organization's cloud instances — monitored ones, whose
 * agent reports AWS instance metadata, and unmonitored ones, known from an import of the user's cloud
 * account export (Vigil makes no calls to cloud providers). `PUT`/`POST /v2/aws/ec2/imports` are Vigil's own:
 * they take that export (`aws ec2 describe-instances` JSON, or CSV).
 * @module
 */
import { Type } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StoreValidationError, type Ec2Instance } from '@vigil/store';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { callerOf } from '../../http/caller.js';
import { apiError } from '../../errors.js';
import { assertJsonDepth } from '../../http/json-depth.js';
import { cursorFrom, pageBody } from '../../http/paging.js';
import { Ec2Server, errorResponses, Paged, TokenQuery } from '../../http/schemas.js';
import { presentServer } from '../../presenters/servers.js';
import { describeInstances } from '../../servers/describe-instances.js';
import { instancesCsv } from '../../servers/instances-csv.js';

const PAGE_SIZE = 100;
/** An import body: about 5,000 instances of describe-instances JSON. Larger accounts import in parts (POST). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_INSTANCES = 20_000;
const TAGS = ['Servers'];

const Bool = (description: string) => Type.Optional(Type.Boolean({ description }));

const ListQuery = Type.Object({
  monitored: Bool('true: instances an agent reports; false: imported instances without one; absent: both'),
  isMonitored: Bool('the same as monitored (the Ruby client spells it so)'),
  verbose: Bool("true: each agent in full; otherwise the agents' id and status only"),
  ...TokenQuery,
});
type ListQuery = Type.Static<typeof ListQuery>;

/**
 * Python's requests sends a bool as `True`/`False` (the Python client's `ec2servers.list(monitored=True)`):
 * lowered before validation, which takes `true`/`false` only.
 */
async function lowerPythonBooleans(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const key of ['monitored', 'isMonitored', 'verbose']) {
    if (query[key] === 'True' || query[key] === 'False') query[key] = (query[key] as string).toLowerCase();
  }
}

/** `monitored` and `isMonitored` as one filter; both given and different → 400. */
function monitoredOf(q: ListQuery): boolean | undefined {
  if (q.monitored !== undefined && q.isMonitored !== undefined && q.monitored !== q.isMonitored) {
    throw apiError('VIGIL_INVALID_PARAMETER', 'isMonitored', 'contradicts monitored; give one of them');
  }
  return q.monitored ?? q.isMonitored;
}

const ImportResult = Type.Object(
  {
    received: Type.Integer({ description: 'instances in the file' }),
    added: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    removed: Type.Integer({ description: 'imported instances not in the file (PUT only)' }),
    ignoredColumns: Type.Array(Type.String(), { description: 'CSV header cells that name no instance field' }),
  },
  { title: 'ServerImportResult' },
);

const IMPORT_HELP = [
  'The body is the export of your cloud account, as it is:',
  '- `application/json`: the output of `aws ec2 describe-instances` (`Reservations[].Instances[]` with AWS\'s field names; `OwnerId` becomes `awsProfile`, the availability zone gives `region`);',
  "- `text/csv`: a header row, then one instance per row. Columns are named with Threat Stack's fields (`id`, `instanceType`, `privateIpAddress`, `groups`, `tags`, …: a GetEC2Instances file imports as it is) or AWS's (`InstanceId`, `PrivateIpAddress`, `AvailabilityZone`, …), in any case; other columns are ignored and listed in the answer. `groups` holds JSON or security group ids separated by spaces or semicolons; `tags` JSON or `key=value` pairs separated by semicolons.",
  `At most ${MAX_IMPORT_BYTES} bytes (else 413) and ${MAX_IMPORT_INSTANCES} instances. A bad value → 400 naming its place (JSON path, or CSV line and column) and nothing is stored. An imported instance that an AWS agent reports is a monitored server; the others are unmonitored.`,
].join('\n\n');

/** The body as instances, by its content type. */
function readImport(request: FastifyRequest): { instances: Ec2Instance[]; ignoredColumns: string[] } {
  const raw = request.rawBody;
  if (raw === undefined || raw.length === 0) throw apiError('VIGIL_BAD_REQUEST', 'Request body is empty; send describe-instances JSON or a CSV');
  if (/^text\/csv/i.test(request.headers['content-type'] ?? '')) return instancesCsv(raw.toString('utf8'), MAX_IMPORT_INSTANCES);
  assertJsonDepth(raw, 'Request body');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw apiError('VIGIL_MALFORMED_JSON', (err as Error).message);
  }
  return { instances: describeInstances(body, MAX_IMPORT_INSTANCES), ignoredColumns: [] };
}

/** The import routes: their own body parsers keep the bytes (Hawk hashes them) and parse by format. */
async function importRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;
  app.removeAllContentTypeParsers();
  const keepBytes = (request: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
    request.rawBody = typeof body === 'string' ? Buffer.from(body) : body;
    done(null, undefined);
  };
  app.addContentTypeParser(/^application\/json(\s*;.*)?$/i, { parseAs: 'buffer' }, keepBytes);
  app.addContentTypeParser(/^text\/csv(\s*;.*)?$/i, { parseAs: 'buffer' }, keepBytes);

  for (const [method, replace] of [['PUT', true], ['POST', false]] as const) {
    app.route({
      method,
      url: '/aws/ec2/imports',
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags: TAGS,
        summary: replace ? "Replace the organization's imported instances" : 'Add or update imported instances',
        description: [
          replace
            ? 'Vigil\'s own. The file becomes the imported set: new instances are added, changed ones updated, ones not in it removed (terminated instances disappear); the same file again changes nothing.'
            : "Vigil's own. Adds the file's instances and updates the ones already imported, keeping the others: for several accounts or regions imported one by one.",
          IMPORT_HELP,
        ].join('\n\n'),
        consumes: ['application/json', 'text/csv'],
        response: { 200: ImportResult, ...errorResponses(400, 401, 403, 413, 415, 429) },
      },
      handler: async (request) => {
        const orgId = callerOf(request).orgId;
        const { instances, ignoredColumns } = readImport(request);
        let result;
        try {
          result = replace ? await store.servers.replaceImports(orgId, instances) : await store.servers.mergeImports(orgId, instances);
        } catch (err) {
          if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
          throw err;
        }
        await app.vigil.audit(request, {
          crud: replace ? 'update' : 'create',
          action: 'import_servers',
          description: `Imported ${result.received} cloud instances (${result.added} added, ${result.updated} updated, ${result.removed} removed)`,
          context: { ...result, replace },
        });
        return { ...result, ignoredColumns };
      },
    });
  }
}

/** Registers the servers routes on a Hawk-protected context. */
export async function serverRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;
  const tokens = app.vigil.tokens('servers');

  // `/v2/aws/ec2/` (the Python client's spelling) reaches this route too: the router ignores a trailing slash.
  app.get(
    '/aws/ec2',
    {
      preValidation: lowerPythonBooleans,
      schema: {
        tags: TAGS,
        summary: 'List cloud instances (EC2 servers)',
        description: [
          'Monitored servers are the AWS instances whose agent reports instance metadata (its instance id, region, type, image, account and tags); unmonitored ones are instances imported with `PUT /v2/aws/ec2/imports` that no agent reports. Ordered by instance id, 100 per page.',
          "Threat Stack's fields (reference §3.7); what neither the agent nor an import says is null. An instance that is both imported and reported shows the imported fields with the agent's live values over them; it is `running` while an agent on it is online. GCP and Azure agents are not EC2 servers: their metadata is at `GET /v2/agents/{id}/cloud`.",
          '`verbose=true` gives each agent in full (`id, status, createdAt, lastReportedAt, version, name, description, hostname, isContainerAgent, kernel, osVersion`), as GetEC2Instances and GetVulnerabilities ask; without it each agent is `{id, status}`.',
        ].join('\n\n'),
        querystring: ListQuery,
        response: { 200: Paged('servers', Ec2Server), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const q = request.query;
      const monitored = monitoredOf(q);
      const verbose = q.verbose === true;
      const page = await store.servers.list(
        callerOf(request).orgId,
        monitored === undefined ? {} : { monitored },
        { limit: PAGE_SIZE, after: cursorFrom(tokens, q) },
      );
      return pageBody('servers', page, (s) => presentServer(s, verbose), tokens, q);
    },
  );

  await app.register(importRoutes);
}
