/**
 * The OSV record (ossf/osv-schema 1.x, docs/schema.md) as far as Vigil reads it, as a TypeBox schema: the
 * one check every record passes before it is normalized. Fields Vigil does not use are allowed and ignored,
 * as the spec asks of consumers.
 * @module
 */
import { Type, type Static } from 'typebox';

/** RFC 3339 instant in UTC as OSV requires (`2024-01-31T12:00:00Z`, fractions allowed). */
const Timestamp = Type.String({ format: 'date-time' });
const Id = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s/\\\\]+$' });
const Ids = Type.Array(Id, { maxItems: 10_000 });
const Text = Type.String({ maxLength: 1_000_000 });

const Severity = Type.Array(Type.Object({ type: Type.String({ minLength: 1 }), score: Type.String({ minLength: 1, maxLength: 1000 }) }));

/** Each event holds exactly one of the four keys (checked after the schema, to name the event). */
const Event = Type.Object({
  introduced: Type.Optional(Type.String({ minLength: 1 })),
  fixed: Type.Optional(Type.String({ minLength: 1 })),
  last_affected: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Optional(Type.String({ minLength: 1 })),
});

const Range = Type.Object({
  type: Type.Union([Type.Literal('ECOSYSTEM'), Type.Literal('SEMVER'), Type.Literal('GIT')]),
  repo: Type.Optional(Type.String()),
  events: Type.Array(Event, { minItems: 1, maxItems: 10_000 }),
});

const Affected = Type.Object({
  package: Type.Optional(
    Type.Object({
      ecosystem: Type.String({ minLength: 1, maxLength: 200 }),
      name: Type.String({ minLength: 1, maxLength: 1000 }),
      purl: Type.Optional(Type.String()),
    }),
  ),
  severity: Type.Optional(Severity),
  ranges: Type.Optional(Type.Array(Range, { maxItems: 1000 })),
  versions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1000 }), { maxItems: 100_000 })),
  ecosystem_specific: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  database_specific: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const OsvRecordSchema = Type.Object({
  schema_version: Type.Optional(Type.String({ pattern: '^1\\.\\d+(\\.\\d+)?$' })),
  id: Id,
  modified: Timestamp,
  published: Type.Optional(Timestamp),
  withdrawn: Type.Optional(Timestamp),
  aliases: Type.Optional(Ids),
  upstream: Type.Optional(Ids),
  related: Type.Optional(Ids),
  summary: Type.Optional(Text),
  details: Type.Optional(Text),
  severity: Type.Optional(Severity),
  affected: Type.Optional(Type.Array(Affected, { maxItems: 100_000 })),
  references: Type.Optional(Type.Array(Type.Object({ type: Type.Optional(Type.String()), url: Type.String({ minLength: 1 }) }))),
  database_specific: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** An OSV record that passed {@link OsvRecordSchema}. */
export type OsvRecord = Static<typeof OsvRecordSchema>;
export type OsvAffected = Static<typeof Affected>;
