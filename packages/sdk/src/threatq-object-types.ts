/**
 * Wire types of the threat library's other objects as Vigil answers them: events, adversaries,
 * attachments, their context (sources, attributes, tags, comments), relations, imports, TAXII collections
 * and the whitelist. Dates are `"YYYY-MM-DD HH:MM:SS"` UTC; fields asked for with `with=` are optional.
 * @module
 */
import type { TqIndicator } from './threatq-types.js';

/** The collections that relate to each other and carry context. */
export type TqObjectKind = 'indicators' | 'events' | 'adversaries' | 'attachments';

/** The context lists of an object. */
export type TqContextKind = 'sources' | 'attributes' | 'tags' | 'comments';

/** The relation of a related object: `pivot.id` is what {@link RelationsResource.unlinkPivots} takes. */
export interface TqPivot {
  id: number;
  created_at?: string | null;
  updated_at?: string | null;
  [field: string]: unknown;
}

export interface TqObjectSource {
  id: number;
  name: string;
  type?: string;
  tlp_id: number | null;
  published_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  pivot?: TqPivot;
}

export interface TqObjectAttribute {
  id: number;
  attribute_id: number;
  name: string;
  value: string;
  created_at?: string | null;
  updated_at?: string | null;
  [field: string]: unknown;
}

export interface TqObjectTag {
  id: number;
  name: string;
  pivot?: TqPivot;
}

export interface TqObjectComment {
  id: number;
  value: string;
  source_name?: string | null;
  created_at: string | null;
  updated_at: string | null;
  [field: string]: unknown;
}

/** What `with=` may add to an event, adversary or attachment. */
interface TqContextFields {
  sources?: TqObjectSource[];
  attributes?: TqObjectAttribute[];
  tags?: TqObjectTag[];
  comments?: TqObjectComment[];
  indicators?: (TqIndicator & { pivot: TqPivot })[];
  events?: (TqEvent & { pivot: TqPivot })[];
  adversaries?: (TqAdversary & { pivot: TqPivot })[];
  attachments?: (TqAttachment & { pivot: TqPivot })[];
  /** present on objects listed as related to another */
  pivot?: TqPivot;
}

/** Context given when creating or updating an event or adversary; it is added, never replaced. */
export interface TqContextInput {
  sources?: { name: string; tlp?: string | { name: string }; published_at?: string }[];
  attributes?: { name: string; value: string; sources?: { name: string }[] }[];
  tags?: (string | { name: string })[];
  comments?: (string | { value: string })[];
}

export interface TqEvent extends TqContextFields {
  id: number;
  title: string;
  type_id: number;
  happened_at: string;
  description: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  type?: { id: number; name: string | null };
}

export interface TqEventInput extends TqContextInput {
  title: string;
  /** an event type name (`"Malware"`), id, or `{name}` (see {@link EventsResource.types}) */
  type?: string | number | { name: string };
  type_id?: number;
  /** default: now */
  happened_at?: string;
  description?: string;
  published_at?: string;
}

/** Fields of an event to change; context is added. */
export type TqEventPatch = Partial<TqEventInput>;

export interface TqEventType {
  id: number;
  name: string;
}

export interface TqAdversary extends TqContextFields {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface TqAdversaryInput extends TqContextInput {
  /** an existing name (ignoring case) is updated instead of duplicated */
  name: string;
  description?: string;
}

/** Fields of an adversary to change (renaming onto another's name is a ConflictError); context is added. */
export type TqAdversaryPatch = Partial<TqAdversaryInput>;

/** An attachment's metadata; `hash` is the MD5, as ThreatQ answers it. */
export interface TqAttachment extends TqContextFields {
  id: number;
  type_id: number;
  name: string;
  title: string | null;
  malware_locked: 0 | 1;
  content_type: string;
  file_size: number;
  hash: string;
  md5: string;
  sha256: string;
  created_at: string;
  updated_at: string;
  type?: { id: number; name: string | null };
}

export interface TqAttachmentType {
  id: number;
  name: string;
  is_parsable: string;
  /** the parser that reads files of this type, null when none does */
  parser_class: string | null;
}

/** A downloaded file. */
export interface TqDownload {
  data: Buffer;
  /** the file name from Content-Disposition */
  name: string | undefined;
  /** what the server marked with X-Malware-Locked */
  malwareLocked: boolean;
  size: number;
}

/** What a free-text import found. */
export interface TqTextImport {
  found: number;
  created: number;
  existing: number;
  indicators: (TqIndicator & { import_result?: 'created' | 'existing' })[];
}

/** What a STIX import stored, and the objects it left out (with why). */
export interface TqStixImport {
  total: number;
  data: TqIndicator[];
  /** the bundle's threat-actors, stored as adversaries */
  adversaries: TqAdversary[];
  skipped: { id: string; reason: string }[];
}

/** A TAXII collection: a saved search over indicators served under /taxii2/. */
export interface TqTaxiiCollection {
  id: string;
  title: string;
  description: string | null;
  type_id: number | null;
  status_id: number | null;
  /** whether TAXII clients (owners and users) may add and delete objects */
  can_write?: boolean;
  /** path of the collection under the TAXII server */
  url: string;
  created_at: string;
}

export interface TqWhitelistEntry {
  id: number;
  kind: 'value' | 'cidr';
  value: string;
  note: string | null;
  created_at: string;
}

/** A staged import (ThreatQ's multi-step flow): what the parser found waits until it is committed. */
export interface TqImportJob {
  id: number;
  /** the parser (attachment type) id; 6 = Generic Text */
  content_type_id: number;
  attachment_id: number | null;
  normalize: 'Y' | 'N';
  import_source: string | null;
  /** status id of new indicators (4 = Review) */
  indicator_global_status: number;
  delete_after_import: 0 | 1;
  status: 'pending' | 'committing' | 'committed';
  indicator_count: number;
  created_at: string;
  updated_at: string;
  expires_at: string;
  [field: string]: unknown;
}

/** An indicator a staged import found, as it will be committed. */
export interface TqStagedIndicator {
  value: string;
  type_id: number;
  type: { id: number; name: string | null; class: string | null };
}
