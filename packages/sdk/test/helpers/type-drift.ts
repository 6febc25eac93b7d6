/**
 * Compares the SDK's exported TypeScript types with the server's OpenAPI schemas, field by field: every
 * field the spec names must be in the SDK type and every named field of the SDK type in the spec, with the
 * same kinds (string, number, boolean, null, array, object; enums as their values) and the same
 * optionality where it matters (a response field the server may omit is optional in the SDK; a request
 * field the server requires is required in the SDK). The SDK types are read with the TypeScript compiler,
 * so the check sees exactly what users of the SDK see.
 */
import ts from 'typescript';

/** The kinds of one field: base kinds, plus literal values when it is an enum. */
interface Kinds {
  base: Set<string>;
  /** literal values by base kind, e.g. string → {"online","offline"} */
  literals: Map<string, Set<string>>;
  /** kinds of the array items, when `array` is among the base kinds */
  items?: Kinds;
  /** anything goes (`unknown`, `any`, or a schema without a type) */
  any: boolean;
}

interface Field {
  kinds: Kinds;
  optional: boolean;
}

const empty = (): Kinds => ({ base: new Set(), literals: new Map(), any: false });

function addLiteral(k: Kinds, base: string, value: string): void {
  k.base.add(base);
  if (!k.literals.has(base)) k.literals.set(base, new Set());
  k.literals.get(base)!.add(value);
}

/** The kinds a JSON Schema allows. */
export function schemaKinds(schema: any): Kinds {
  const k = empty();
  if (!schema || typeof schema !== 'object') return { ...k, any: true };
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    for (const alt of alternatives) merge(k, schemaKinds(alt));
    return k;
  }
  if (schema.const !== undefined) {
    addLiteral(k, baseOf(schema.const), JSON.stringify(schema.const));
    return k;
  }
  const types: string[] = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length === 0) return { ...k, any: true };
  for (const t of types) {
    const base = t === 'integer' ? 'number' : t;
    if (Array.isArray(schema.enum) && base !== 'null') {
      for (const v of schema.enum) if (v !== null && baseOf(v) === base) addLiteral(k, base, JSON.stringify(v));
    } else if (t === 'integer' && Number.isInteger(schema.minimum) && Number.isInteger(schema.maximum) && schema.maximum - schema.minimum <= 16) {
      // A small integer range is an enum (severities 1…3), as the SDK types it.
      for (let v = schema.minimum; v <= schema.maximum; v++) addLiteral(k, 'number', String(v));
    } else k.base.add(base);
    if (base === 'array') k.items = schemaKinds(schema.items);
  }
  if (schema.nullable === true) k.base.add('null');
  return k;
}

function baseOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function merge(into: Kinds, from: Kinds): void {
  into.any ||= from.any;
  for (const b of from.base) into.base.add(b);
  for (const [b, values] of from.literals) for (const v of values) addLiteral(into, b, v);
  if (from.items) {
    into.items ??= empty();
    merge(into.items, from.items);
  }
}

/** The fields of an object schema, and whether it is open (`additionalProperties: true`: fields it does not name may come too). */
export function schemaFields(schema: any): { fields: Map<string, Field>; open: boolean } {
  const required = new Set<string>(schema?.required ?? []);
  const fields = new Map<string, Field>();
  for (const [name, sub] of Object.entries<any>(schema?.properties ?? {})) fields.set(name, { kinds: schemaKinds(sub), optional: !required.has(name) });
  return { fields, open: schema?.additionalProperties === true };
}

/** Reads exported types of a module with the TypeScript compiler. */
export class TypeReader {
  readonly #checker: ts.TypeChecker;
  readonly #exports: Map<string, ts.Symbol>;

  constructor(entry: string) {
    const program = ts.createProgram([entry], {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      customConditions: ['source'],
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: true,
    });
    this.#checker = program.getTypeChecker();
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`cannot read ${entry}`);
    const moduleSymbol = this.#checker.getSymbolAtLocation(source)!;
    this.#exports = new Map(this.#checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), s]));
  }

  /** The named fields of an exported interface or type alias (an index signature is not a field). */
  fields(typeName: string): Map<string, Field> {
    let symbol = this.#exports.get(typeName);
    if (!symbol) throw new Error(`the SDK exports no type ${typeName}`);
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.#checker.getAliasedSymbol(symbol);
    const type = this.#checker.getDeclaredTypeOfSymbol(symbol);
    const out = new Map<string, Field>();
    for (const prop of this.#checker.getPropertiesOfType(type)) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = declaration ? this.#checker.getTypeOfSymbolAtLocation(prop, declaration) : this.#checker.getTypeOfSymbol(prop);
      out.set(prop.getName(), { kinds: this.#kinds(propType), optional: (prop.flags & ts.SymbolFlags.Optional) !== 0 });
    }
    return out;
  }

  #kinds(type: ts.Type): Kinds {
    const k = empty();
    const members = type.isUnion() ? type.types : [type];
    for (const t of members) {
      const f = t.flags;
      if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) k.any = true;
      else if (f & ts.TypeFlags.Undefined) continue;
      else if (f & ts.TypeFlags.Null) k.base.add('null');
      else if (t.isStringLiteral()) addLiteral(k, 'string', JSON.stringify(t.value));
      else if (t.isNumberLiteral()) addLiteral(k, 'number', JSON.stringify(t.value));
      else if (f & ts.TypeFlags.BooleanLiteral) k.base.add('boolean');
      else if (f & ts.TypeFlags.StringLike) k.base.add('string');
      else if (f & ts.TypeFlags.NumberLike) k.base.add('number');
      else if (f & ts.TypeFlags.BooleanLike) k.base.add('boolean');
      // The SDK sends a Date as its ISO-8601 string (in a JSON body and in a query alike).
      else if (t.getSymbol()?.getName() === 'Date') k.base.add('string');
      else if (this.#checker.isArrayType(t) || this.#checker.isTupleType(t)) {
        k.base.add('array');
        const element = this.#checker.getTypeArguments(t as ts.TypeReference)[0];
        k.items ??= empty();
        if (element) merge(k.items, this.#kinds(element));
      } else k.base.add('object');
    }
    return k;
  }
}

function describe(k: Kinds): string {
  if (k.any) return 'anything';
  const parts = [...k.base].sort().map((b) => (k.literals.has(b) && k.literals.get(b)!.size > 0 && !plain(k, b) ? [...k.literals.get(b)!].sort().join(' | ') : b));
  return parts.join(' | ') + (k.items ? ` (items: ${describe(k.items)})` : '');
}

/** True when the kind allows every value of its base (not only literals). */
function plain(k: Kinds, base: string): boolean {
  return k.base.has(base) && !k.literals.has(base);
}

/** True when every value `narrow` allows is allowed by `wide`. */
function fits(narrow: Kinds, wide: Kinds): boolean {
  if (wide.any) return true;
  if (narrow.any) return false;
  for (const base of narrow.base) {
    if (!wide.base.has(base)) return false;
    const narrowValues = narrow.literals.get(base);
    const wideValues = wide.literals.get(base);
    if (wideValues && (!narrowValues || [...narrowValues].some((v) => !wideValues.has(v)))) return false;
  }
  return !narrow.items || !wide.items || fits(narrow.items, wide.items);
}

/**
 * The differences between an SDK type and a spec schema, as sentences naming the field; empty when they agree.
 * Fields only the SDK names are differences unless the schema is open.
 * `direction` says which side may omit fields: a `response` field the spec does not require must be optional
 * in the SDK; a `request` field the spec requires must be required in the SDK.
 */
export function drift(
  name: string,
  sdk: Map<string, Field>,
  schema: { fields: Map<string, Field>; open: boolean },
  direction: 'response' | 'request',
  /** the SDK type covers part of the schema (one of the shapes a body takes): optional spec fields it leaves out are fine */
  subset = false,
): string[] {
  const spec = schema.fields;
  const out: string[] = [];
  for (const [field, s] of spec) {
    const mine = sdk.get(field);
    if (!mine && subset && s.optional) continue;
    if (!mine) {
      out.push(`${name}.${field} is in the spec (${describe(s.kinds)}${s.optional ? ', optional' : ''}) but not in the SDK type`);
      continue;
    }
    // A response type must take every value the server may send; a request type must send only values the server takes.
    const ok = direction === 'response' ? fits(s.kinds, mine.kinds) : fits(mine.kinds, s.kinds);
    if (!ok) out.push(`${name}.${field}: the spec says ${describe(s.kinds)}, the SDK type says ${describe(mine.kinds)}`);
    if (direction === 'response' && s.optional && !mine.optional) out.push(`${name}.${field}: the server may leave it out, so the SDK type must mark it optional (?)`);
    if (direction === 'request' && !s.optional && mine.optional) out.push(`${name}.${field}: the server requires it, so the SDK type must not mark it optional`);
  }
  // An open schema does not name every field, so a field only the SDK names cannot be checked against it.
  if (!schema.open) for (const field of sdk.keys()) if (!spec.has(field)) out.push(`${name}.${field} is in the SDK type but not in the spec`);
  return out;
}
