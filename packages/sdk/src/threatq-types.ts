/**
 * Wire types of the ThreatQ-compatible API as Vigil answers them (dates `"YYYY-MM-DD HH:MM:SS"` UTC,
 * integer ids). Fields asked for with `with=` are optional.
 * @module
 */

/** A list answer: `{total, offset, limit, data}` (create and consume answer `{total, data}`). */
export interface TqList<T> {
  total: number;
  offset?: number;
  limit?: number;
  data: T[];
}

export interface TqIndicatorSource {
  id: number;
  name: string;
  type: string;
  tlp_id: number | null;
  published_at: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface TqIndicatorAttribute {
  id: number;
  attribute_id: number;
  indicator_id: number;
  name: string;
  value: string;
  sources: { id: number; name: string }[];
}

/** An indicator. */
export interface TqIndicator {
  id: number;
  type_id: number;
  status_id: number;
  class: string;
  hash: string;
  value: string;
  description: string | null;
  last_detected_at: string | null;
  expires_at: string | null;
  expired_at: string | null;
  /** when the expiration policy last computed `expires_at` */
  expires_calculated_at: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
  touched_at: string;
  type?: { id: number; name: string | null; class: string };
  status?: { id: number; name: string | null; description: string | null };
  score?: { generated_score: string | null; manual_score: string | null };
  sources?: TqIndicatorSource[];
  attributes?: TqIndicatorAttribute[];
  tags?: { id: number; name: string }[];
  [relation: string]: unknown;
}

/** An indicator to create or merge (`POST /api/indicators`, `/consume`). */
export interface TqIndicatorInput {
  value: string;
  /** a type id, a type name (`"IP Address"`) or `{name}` */
  type?: string | { name: string };
  type_id?: number;
  status?: string | { name: string };
  status_id?: number;
  description?: string;
  sources?: { name: string; tlp?: { name: string }; published_at?: string }[];
  attributes?: { name: string; value: string; sources?: { name: string }[] }[];
  tags?: string[];
  published_at?: string;
  last_detected_at?: string;
  expires_at?: string;
  [field: string]: unknown;
}

/** The fields `PUT /api/indicators/{id}` changes. */
export interface TqIndicatorPatch {
  status_id?: number;
  status?: string;
  description?: string | null;
  expires_at?: string | null;
  last_detected_at?: string | null;
}

export interface TqIndicatorType {
  id: number;
  name: string;
  class: string;
}

export interface TqIndicatorStatus {
  id: number;
  name: string;
  description?: string | null;
}

/** An OAuth client; `client_secret` only in the answer to create. */
export interface TqOAuthClient {
  id: string;
  client_id: string;
  client_secret?: string;
  name: string;
  user_id: string;
  created_at: string;
  revoked_at: string | null;
}
