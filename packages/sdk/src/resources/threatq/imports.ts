/**
 * `client.imports`: indicators into the library from free text (`POST /api/imports`, ThreatQ's "Generic
 * Text" parser) in one call or staged (stage, look at what was found, configure, then commit or discard),
 * and from STIX 2.1 bundles (`POST /api/import/stix`).
 * @module
 */
import type { TqImportJob, TqStagedIndicator, TqStixImport, TqTextImport } from '../../threatq-object-types.js';
import { dataOf, TqResource } from './tq-resource.js';

/** Options of {@link ImportsResource.text}. */
export interface TextImportInput {
  /** the text (a report, an e-mail); at most 2,000,000 characters */
  text: string;
  /** source of the indicators (default "Free-text import") */
  import_source?: string;
  /** status of new indicators (default Review); known ones keep theirs */
  status?: string;
  tags?: readonly string[];
}

/** The options of a staged import. */
export interface ImportJobOptions {
  /** source of the committed indicators (default "Free-text import") */
  import_source?: string | null;
  /** status (id or name) of new indicators (default 4 = Review); known ones keep theirs */
  indicator_global_status?: number | string | null;
  normalize?: boolean;
  /** delete the attachment that was read, on commit */
  delete_after_import?: boolean;
}

/** What a staged import reads: text, or an attachment already uploaded. */
export type ImportJobInput = ({ text: string; attachment_id?: undefined } | { attachment_id: number; text?: undefined }) & ImportJobOptions;

/** The Generic Text parser, the only one. */
const GENERIC_TEXT = 6;

function jobBody(options: ImportJobOptions): Record<string, unknown> {
  const { normalize, delete_after_import, ...rest } = options;
  return {
    ...rest,
    ...(normalize === undefined ? {} : { normalize: normalize ? 'Y' : 'N' }),
    ...(delete_after_import === undefined ? {} : { delete_after_import: delete_after_import ? 1 : 0 }),
  };
}

/**
 * ```ts
 * const { found, created } = await tq.imports.text({ text: report, import_source: 'Analyst notes' });
 * const { total, skipped } = await tq.imports.stix(bundle, { source: 'Partner feed' });
 * ```
 */
export class ImportsResource extends TqResource {
  /**
   * Extracts IPs, CIDRs, domains, URLs, e-mail addresses, hashes and CVEs (defanged forms too) and stores
   * them with a source.
   *
   * ```ts
   * const result = await tq.imports.text({ text: 'C2 at 203.0.113[.]7', status: 'Active', tags: ['ir-42'] });
   * ```
   */
  async text(input: TextImportInput, options: { signal?: AbortSignal } = {}): Promise<TqTextImport> {
    const body = await this.call<{ data: TqTextImport }>('POST', '/api/imports', undefined, input, options.signal);
    return body.data;
  }

  /**
   * Stages an import of text or of an uploaded attachment: the parser runs now, nothing is stored until
   * {@link commit}. Jobs live 24 hours.
   *
   * @throws {NotFoundError} for an unknown attachment id.
   *
   * ```ts
   * const job = await tq.imports.stage({ text: report, import_source: 'IR notes' }); // job.indicator_count
   * ```
   */
  async stage(input: ImportJobInput, options: { signal?: AbortSignal } = {}): Promise<TqImportJob> {
    const { text, attachment_id, ...rest } = input;
    const body = { content_type_id: GENERIC_TEXT, ...(attachment_id === undefined ? { text } : { attachment_id }), ...jobBody(rest) };
    return (await this.call<{ data: TqImportJob }>('POST', '/api/imports', undefined, body, options.signal)).data;
  }

  /**
   * One staged import.
   *
   * ```ts
   * const job = await tq.imports.job(12); // job.status: 'pending' | 'committed'
   * ```
   */
  async job(id: number, options: { signal?: AbortSignal } = {}): Promise<TqImportJob> {
    return (await this.call<{ data: TqImportJob }>('GET', `/api/imports/${this.intId(id)}`, undefined, undefined, options.signal)).data;
  }

  /**
   * Changes the options of a pending import.
   *
   * @throws {ConflictError} once it is committed.
   *
   * ```ts
   * await tq.imports.configure(job.id, { import_source: 'Partner', indicator_global_status: 'Active' });
   * ```
   */
  async configure(id: number, options: ImportJobOptions, call: { signal?: AbortSignal } = {}): Promise<TqImportJob> {
    return (await this.call<{ data: TqImportJob }>('PUT', `/api/imports/${this.intId(id)}`, undefined, jobBody(options), call.signal)).data;
  }

  /**
   * The indicators a staged import found, as they will be committed.
   *
   * ```ts
   * for (const i of await tq.imports.pending(job.id)) console.log(i.type.name, i.value);
   * ```
   */
  async pending(id: number, options: { signal?: AbortSignal } = {}): Promise<TqStagedIndicator[]> {
    return dataOf(await this.call('GET', `/api/imports/${this.intId(id)}/indicators`, undefined, undefined, options.signal));
  }

  /**
   * Stores what a staged import found; answers the job with found, created and existing counts.
   *
   * @throws {ConflictError} when it was already committed.
   *
   * ```ts
   * const { created, existing } = await tq.imports.commit(job.id);
   * ```
   */
  async commit(id: number, options: { signal?: AbortSignal } = {}): Promise<TqImportJob & Partial<TqTextImport>> {
    return (await this.call<{ data: TqImportJob & Partial<TqTextImport> }>('GET', `/api/imports/${this.intId(id)}/commit`, undefined, undefined, options.signal)).data;
  }

  /**
   * Discards a staged import.
   *
   * ```ts
   * await tq.imports.discard(job.id);
   * ```
   */
  async discard(id: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('DELETE', `/api/imports/${this.intId(id)}`, undefined, undefined, options.signal);
  }

  /**
   * Stores the indicators of a STIX 2.1 bundle (simple patterns and observables) in one transaction;
   * other objects and values that do not normalize come back in `skipped`.
   *
   * @throws {BadRequestError} for a malformed bundle (nothing is stored).
   *
   * ```ts
   * const { data, skipped } = await tq.imports.stix(JSON.parse(readFileSync('bundle.json', 'utf8')), { status: 'Active' });
   * ```
   */
  stix(bundle: object, options: { source?: string; status?: string; signal?: AbortSignal } = {}): Promise<TqStixImport> {
    return this.call('POST', '/api/import/stix', { source: options.source, status: options.status }, bundle, options.signal);
  }
}
