/**
 * The shapes ThreatQ clients write (reference threatq-api.md §1.3), as schemas: fastify validates bodies
 * with them once, the OpenAPI document shows them, and each says in ThreatQ's words why a value is
 * refused (`x-invalid`, worded by {@link threatqErrors}). What only a vocabulary or a parser can decide
 * (indicator types and statuses, TLP names, dates, values per type) is read afterwards by
 * indicator-input.ts and object-input.ts.
 * @module
 */
import { Type, type Static, type TSchema } from 'typebox';
import { describeValidationError, invalidAs, schemaErrorFormatter, type Failure } from '../../http/validation.js';

export const MAX_NAME = 255;
export const MAX_VALUE = 8_192;
export const MAX_DESCRIPTION = 65_500;
export const MAX_LIST = 1_000;

const NAME_REASON = `must be a non-empty name of at most ${MAX_NAME} characters`;
const NameText = Type.String({ maxLength: MAX_NAME, pattern: '\\S' });

/** A name as a string or `{name}`. */
export const Name = Type.Union([NameText, Type.Object({ name: NameText }, { additionalProperties: true })], invalidAs(NAME_REASON));
export type Name = Static<typeof Name>;

/** The name of a named object (an adversary, an event type): a string only, refused (or missing) in the words of {@link Name}. */
export const ObjectName = Type.String({ maxLength: MAX_NAME, pattern: '\\S', ...invalidAs(NAME_REASON) });

/** `undefined` or null (nothing) or an array of at most {@link MAX_LIST} items. */
export const ListOf = <T extends TSchema>(item: T) =>
  Type.Optional(Type.Union([Type.Array(item, { maxItems: MAX_LIST }), Type.Null()], invalidAs(`must be an array of at most ${MAX_LIST} entries`)));

/** A source as a name, or `{name, tlp: {name} | "<name>" | tlp_id, published_at}`. */
export const SourceInput = Type.Union([
  NameText,
  Type.Object(
    { name: Name, tlp: Type.Optional(Type.Unknown()), tlp_id: Type.Optional(Type.Unknown()), published_at: Type.Optional(Type.Unknown()) },
    { additionalProperties: true },
  ),
], invalidAs(NAME_REASON));
export type SourceInput = Static<typeof SourceInput>;

export const AttributeValue = Type.Union([Type.String({ maxLength: MAX_VALUE }), Type.Number(), Type.Boolean()], invalidAs(`must be a string of at most ${MAX_VALUE} characters`));

/** `{name, value, sources?}`. */
export const AttributeInput = Type.Object(
  { name: Name, value: AttributeValue, sources: ListOf(SourceInput) },
  { additionalProperties: true, ...invalidAs('must be an object {name, value}') },
);
export type AttributeInput = Static<typeof AttributeInput>;

const CommentText = Type.String({ maxLength: MAX_DESCRIPTION, pattern: '\\S' });
/** A comment as a string or `{value}`. */
export const CommentInput = Type.Union(
  [CommentText, Type.Object({ value: CommentText }, { additionalProperties: true })],
  invalidAs(`must be a non-empty string (or {value}) of at most ${MAX_DESCRIPTION} characters`),
);
export type CommentInput = Static<typeof CommentInput>;

/** The context fields every threat object body may carry. */
export const ContextFields = {
  sources: ListOf(SourceInput),
  attributes: ListOf(AttributeInput),
  tags: ListOf(Name),
  comments: ListOf(CommentInput),
};

/** An indicator's description: text or null (clears). */
export const DescriptionInput = Type.Union(
  [Type.String({ maxLength: MAX_DESCRIPTION }), Type.Null()],
  invalidAs(`must be a string of at most ${MAX_DESCRIPTION} characters or null`),
);

/** One indicator of a create or consume body. */
export const IndicatorBodyItem = Type.Object(
  {
    value: Type.String({ maxLength: MAX_VALUE, pattern: '\\S', ...invalidAs(`is required and must be a non-empty string of at most ${MAX_VALUE} characters`) }),
    // Read against the vocabularies: an id, a digit string, a name, {id} or {name}.
    type_id: Type.Optional(Type.Unknown()),
    type: Type.Optional(Type.Unknown()),
    status_id: Type.Optional(Type.Unknown()),
    status: Type.Optional(Type.Unknown()),
    class: Type.Optional(Type.Unknown()),
    description: Type.Optional(DescriptionInput),
    published_at: Type.Optional(Type.Unknown()),
    last_detected_at: Type.Optional(Type.Unknown()),
    expires_at: Type.Optional(Type.Unknown()),
    ...ContextFields,
  },
  { additionalProperties: true, ...invalidAs('must be an indicator object') },
);
export type IndicatorBodyItem = Static<typeof IndicatorBodyItem>;

/** One item or an array of them; emptiness and the item limit are checked by the route (the limit is configured). */
export const OneOrMany = <T extends TSchema>(item: T, what: string, options: Record<string, unknown> = {}) =>
  Type.Union([item, Type.Array(item)], { ...options, ...invalidAs(`must be ${what}`) });

function describe(f: Failure): string {
  if (f.keyword === 'required' && f.requiredReason !== undefined) return `Invalid value for ${f.part} ${f.field}: ${f.requiredReason}`;
  if (f.part === 'body field' && !f.field && f.stated) return `Request body ${f.reason}`;
  return describeValidationError(f);
}

/** ThreatQ's wording: `Invalid value for body field [3].sources[0].name: must be a non-empty name …`. */
export const threatqErrors = schemaErrorFormatter(describe);
