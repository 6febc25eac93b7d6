/**
 * `client.servers`: `GET /v2/aws/ec2` and Vigil's `PUT`/`POST /v2/aws/ec2/imports`.
 * @module
 */
import type { ListPromise } from '../paging.js';
import type { Ec2Server, ServerImportResult } from '../server-types.js';
import type { CallOptions } from '../types.js';
import { ApiResource, splitSignal } from './api-resource.js';

/** Filters for {@link ServersResource.list}. */
export interface ServerListParams extends CallOptions {
  /** true: instances an agent reports; false: imported ones without an agent; absent: both */
  monitored?: boolean;
  /** each agent in full instead of `{id, status}` */
  verbose?: boolean;
}

/** What {@link ServersResource.import} sends. */
export interface ServerImportInput {
  /** the file's contents: `aws ec2 describe-instances` JSON, or CSV */
  data: Buffer | string;
  format: 'json' | 'csv';
  /** true (default): the file becomes the imported set; false: add and update, keep the others */
  replace?: boolean;
}

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv' } as const;

/**
 * The organization's cloud instances, by instance id, 100 per page.
 *
 * ```ts
 * for await (const s of client.servers.list({ monitored: false })) console.log(s.id, s.region);
 * ```
 */
export class ServersResource extends ApiResource {
  /**
   * Lists servers (GetEC2Instances' query: `{ monitored: true, verbose: true }`).
   *
   * ```ts
   * const all = await client.servers.list({ verbose: true }).all();
   * ```
   */
  list(params: ServerListParams = {}): ListPromise<Ec2Server> {
    const [query, signal] = splitSignal(params);
    return this.paged<Ec2Server>('/v2/aws/ec2', 'servers', { ...query }, signal);
  }

  /**
   * Imports your cloud account's instances (Vigil calls no cloud provider): a 400 names the bad value's place.
   *
   * ```ts
   * const r = await client.servers.import({ data: readFileSync('instances.json'), format: 'json' });
   * console.log(r.added, r.updated, r.removed);
   * ```
   */
  import(input: ServerImportInput, options: CallOptions = {}): Promise<ServerImportResult> {
    const bytes = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : input.data;
    const method = input.replace === false ? 'POST' : 'PUT';
    return this.upload<ServerImportResult>(method, '/v2/aws/ec2/imports', { bytes, contentType: CONTENT_TYPES[input.format] }, options.signal);
  }
}
