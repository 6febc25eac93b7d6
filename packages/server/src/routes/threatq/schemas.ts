/**
 * Route schemas of the ThreatQ-compatible API: what is validated (query strings, path ids) and what the
 * OpenAPI document shows (tag `ThreatQ`, bearer security). The shapes of bodies are in input-schemas.ts.
 * Response objects allow extra keys: `with=` adds relations.
 * @module
 */
import { Type, type TSchema } from 'typebox';
import { errorResponses } from '../../http/schemas.js';
import { invalidAs } from '../../http/validation.js';
import { DescriptionInput, IndicatorBodyItem, OneOrMany } from './input-schemas.js';

export const TAG = 'ThreatQ';
export const BEARER = [{ threatqBearer: [] }];

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const TqDate = Type.String({ description: 'UTC, "YYYY-MM-DD HH:MM:SS"', examples: ['2017-06-08 17:00:03'] });

/** 4xx answers: `{"errors":["…"]}` (reference §1.2). */
export const tqErrors = errorResponses;

export const Indicator = Type.Object(
  {
    id: Type.Integer(),
    type_id: Type.Integer(),
    status_id: Type.Integer(),
    class: Type.String({ enum: ['network', 'host'] }),
    hash: Type.String({ description: '32 hex digits, from the type and the normalized value' }),
    value: Type.String({ description: 'normalized per type' }),
    description: Nullable(Type.String()),
    last_detected_at: Nullable(TqDate),
    expires_at: Nullable(TqDate),
    expired_at: Nullable(TqDate),
    expires_calculated_at: Nullable(TqDate),
    published_at: Nullable(TqDate),
    created_at: TqDate,
    updated_at: TqDate,
    touched_at: TqDate,
  },
  { title: 'ThreatQIndicator', additionalProperties: true, description: 'with= adds type, status, score, sources (with pivot ids), attributes, tags' },
);

const WITH_DESCRIPTION =
  'comma list of sources, score, attributes, tags, type, status (adversaries, events, comments, attachments, signatures, indicators, watchlist are accepted and empty)';

export const ListQuery = Type.Object(
  {
    value: Type.Optional(Type.String({ maxLength: 8192, description: 'exact value; its normalized form matches too' })),
    type_id: Type.Optional(Type.Integer({ minimum: 1 })),
    type: Type.Optional(Type.String({ maxLength: 100, description: 'type name, e.g. FQDN' })),
    status_id: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.String({ maxLength: 100, description: 'status name, e.g. Active' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 50; larger than 1000 is capped at 1000' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    sort: Type.Optional(
      Type.String({ maxLength: 40, description: 'id, value, type_id, status_id, score, created_at, updated_at or touched_at; a leading - sorts descending' }),
    ),
    with: Type.Optional(Type.String({ maxLength: 300, description: WITH_DESCRIPTION })),
  },
  { additionalProperties: true },
);

export const WithQuery = Type.Object({ with: Type.Optional(Type.String({ maxLength: 300, description: WITH_DESCRIPTION })) }, { additionalProperties: true });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const ListResponse = Type.Object({
  total: Type.Integer(),
  offset: Type.Optional(Type.Integer()),
  limit: Type.Optional(Type.Integer()),
  data: Type.Array(Indicator),
});

export const ItemResponse = Type.Object({ data: Indicator });

export const IndicatorBody = OneOrMany(IndicatorBodyItem, 'an indicator object or an array of them', {
  description:
    'an indicator or an array of them: {value, type_id | type: "<name>" | type: {name}, status_id | status, description, sources: [{name, tlp: {name}, published_at}], attributes: [{name, value, sources}], tags: ["name"], comments: [{value}], published_at, last_detected_at, expires_at}. Sent form-encoded (curl -d @file.json), JSON is read too.',
});

export const PatchBody = Type.Object(
  { description: Type.Optional(DescriptionInput) },
  {
    additionalProperties: true,
    description: '{status_id | status, description, expires_at, last_detected_at}',
    ...invalidAs('must be an object of the fields to change'),
  },
);

export const tokenRouteSchema = {
  tags: [TAG],
  summary: 'Get an access token (OAuth 2.0)',
  description:
    'grant_type=password with email, password, client_id; grant_type=client_credentials with HTTP Basic client_id:client_secret; grant_type=refresh_token with refresh_token (single use; presenting a spent one again revokes every token of that login). Fields in the query string, a JSON body or a form body, except password: in the query string it is a 400 invalid_request and nothing is issued. Errors: {"error","error_description","errors"}; 400 invalid_request/invalid_grant/unsupported_grant_type, 401 invalid_client, 429 after too many failed logins (per account and per IP) with Retry-After.',
  security: [],
  response: {
    200: Type.Object({
      access_token: Type.String(),
      token_type: Type.Literal('bearer'),
      expires_in: Type.Integer(),
      refresh_token: Type.String(),
    }),
  },
};
