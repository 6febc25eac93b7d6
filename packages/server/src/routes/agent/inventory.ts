/**
 * `PUT /agent/v1/inventory` (the full package list) and `POST /agent/v1/inventory/changes` (what changed
 * since a state the server answered with). Bodies are JSON, optionally gzip'd like event batches; they are
 * kept as raw bytes until the Hawk body hash has been checked, then decoded under a size cap.
 * @module
 */
import { Type } from 'typebox';
import { agentOf } from '../../http/caller.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PACKAGE_MANAGERS, StoreValidationError, type InventoryResult } from '@vigil/store';
import { apiError } from '../../errors.js';
import { assertJsonDepth } from '../../http/json-depth.js';
import { errorResponses, StringEnum } from '../../http/schemas.js';
import { decodeContent } from '../../ingest/decode-batch.js';

/** A host with more packages than this is not a host we know of (large servers have a few thousand). */
export const MAX_PACKAGES = 20_000;
/** Bytes of a body, as sent and after gzip (about 150 bytes a package). */
export const MAX_INVENTORY_BYTES = 8 * 1024 * 1024;

/** No control characters: they separate fields in the inventory digest and never occur in package databases. */
const Field = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]+$', ...(description ? { description } : {}) });

const Package = Type.Object(
  {
    name: Field(255),
    version: Field(255, 'as the package manager spells it: dpkg 1:2.3-4, rpm [epoch:]version-release, apk 1.2.3-r4'),
    arch: Field(64, 'amd64, x86_64, all, noarch, …'),
    sourceName: Type.Optional(Field(255, 'the source package advisories name (dpkg Source, rpm source rpm, apk origin); default: name')),
    sourceVersion: Type.Optional(Field(255, 'default: version')),
  },
  { additionalProperties: false },
);
const PackageKey = Type.Object({ name: Field(255), arch: Field(64), version: Field(255) }, { additionalProperties: false });
const Digest = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 hex of the stored inventory, as this server answered it' });

const Snapshot = Type.Object(
  {
    ecosystem: Field(128, "OSV ecosystem of the host's release: Debian:12, Ubuntu:22.04:LTS, Alpine:v3.19, Rocky Linux:9, …"),
    manager: StringEnum(PACKAGE_MANAGERS),
    packages: Type.Array(Package, { maxItems: MAX_PACKAGES }),
  },
  { additionalProperties: false },
);
const Changes = Type.Object(
  {
    baseDigest: Digest,
    added: Type.Array(Package, { maxItems: MAX_PACKAGES }),
    removed: Type.Array(PackageKey, { maxItems: MAX_PACKAGES }),
  },
  { additionalProperties: false },
);

const Result = Type.Object({
  digest: Digest,
  added: Type.Integer(),
  removed: Type.Integer(),
  changed: Type.Integer({ description: 'packages now at another version (same name and arch)' }),
  packageCount: Type.Integer(),
});

const BODY_HELP = `JSON, optionally with \`Content-Encoding: gzip\` (the Hawk payload hash covers the body as sent); at most ${MAX_INVENTORY_BYTES} bytes sent and decompressed (else 413) and ${MAX_PACKAGES} packages; a bad field → 400 naming it, and nothing is stored.`;

/** The store's own checks (a package listed twice) as 400s naming the package. */
async function badInputAs400<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof StoreValidationError) throw apiError('VIGIL_BAD_REQUEST', err.message);
    throw err;
  }
}

/** Registers both routes (and their body handling) on the agent-authenticated context. */
export async function inventoryRoute(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store, inventoryChanged } = app.vigil;
  /** A stored change is matched at once (workers/inventory-signal.ts); the same list again needs nothing. */
  const changed = (result: InventoryResult) => {
    if (result.added + result.removed + result.changed > 0) inventoryChanged.notify();
    return result;
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/json(\s*;.*)?$/i,
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
      request.rawBody = typeof body === 'string' ? Buffer.from(body) : body;
      done(null, undefined);
    },
  );
  // After the Hawk hash check (a hook of the parent context) and before schema validation.
  app.addHook('preValidation', async (request) => {
    const raw = request.rawBody;
    if (raw === undefined || raw.length === 0) throw apiError('VIGIL_BAD_REQUEST', 'Request body is empty; send the inventory as JSON');
    const body = await decodeContent(raw, request.headers['content-encoding'], MAX_INVENTORY_BYTES);
    assertJsonDepth(body, 'Request body');
    try {
      request.body = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw apiError('VIGIL_MALFORMED_JSON', (err as Error).message);
    }
  });

  app.put(
    '/inventory',
    {
      bodyLimit: MAX_INVENTORY_BYTES,
      schema: {
        tags: ['Agent protocol'],
        summary: "Send the host's full package list",
        description: [
          'Hawk-signed by the agent. Replaces the stored inventory with this one and records what was added, removed or changed version; the same list again changes nothing. A changed inventory is matched against the advisories at once (unless VIGIL_VULN_MATCH_ON_INVENTORY=0).',
          'The answer carries the digest of the stored inventory: a later `POST /agent/v1/inventory/changes` names it as its base, and heartbeats answer it so an agent notices a server whose inventory differs from its own.',
          'Packages are identified by name, arch and version (rpm keeps several kernels of one name and arch); one repeated → 400.',
          BODY_HELP,
        ].join('\n\n'),
        security: [{ agentHawk: [] }],
        body: Snapshot,
        response: { 200: Result, ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      return changed(await badInputAs400(() => store.inventory.replace(agent.orgId, agent.agentId, request.body)));
    },
  );

  app.post(
    '/inventory/changes',
    {
      bodyLimit: MAX_INVENTORY_BYTES,
      schema: {
        tags: ['Agent protocol'],
        summary: 'Send what changed in the package list',
        description: [
          'Hawk-signed by the agent. Applies the packages added and removed to the stored inventory whose digest is `baseDigest` (a package whose version changed is removed at the old version and added at the new).',
          'When the stored inventory is another one, or the diff adds a package it holds or removes one it does not, the answer is 409 with the stored digest (null when none is stored) and nothing changes: send the full list with `PUT /agent/v1/inventory`.',
          BODY_HELP,
        ].join('\n\n'),
        security: [{ agentHawk: [] }],
        body: Changes,
        response: {
          200: Result,
          409: Type.Object({ errors: Type.Array(Type.String()), digest: Type.Union([Digest, Type.Null()]) }),
          ...errorResponses(400, 401, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const agent = agentOf(request);
      const result = await badInputAs400(() => store.inventory.applyDiff(agent.orgId, agent.agentId, request.body));
      if ('conflict' in result) return reply.code(409).send({ errors: [result.reason], digest: result.digest });
      return changed(result) satisfies InventoryResult;
    },
  );
}
