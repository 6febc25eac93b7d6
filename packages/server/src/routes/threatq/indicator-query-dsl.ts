/**
 * ThreatQ's query DSL for `…/query` (reference threatq-api.md §1.3): `criteria` and `filters` are trees of
 * field conditions combined with `+and`/`+or`, a field's value being a scalar (equals), an array (any of)
 * or an operator object (`+contains`, `+gte`, `+gt`, `+lte`, `+lt`, `+equals`, `+not`, `+in`). Fields:
 * value, type/type_name/type_id, status/status_name/status_id, class, score, id, source/source_name,
 * tag/tag_name, attribute_name, attribute_value, attribute {name, value}, created_at, updated_at,
 * touched_at, expires_at. Everything is validated into a store {@link IndicatorFilter}; a problem names
 * its path, e.g. `filters.+and[1].score`.
 * @module
 */
import type { IndicatorFilter, IndicatorFilterField, IndicatorFilterOp, TextMatch } from '@vigil/store';
import { detectIndicatorType, indicatorStatus, indicatorType, normalizeIndicatorValue } from '@vigil/intel';
import { IndicatorInputError, parseTqDate } from './indicator-input.js';

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 200;
const MAX_IN = 1000;
const MAX_TEXT = 8192;

const OPERATORS: Record<string, IndicatorFilterOp> = {
  '+equals': 'eq',
  '+eq': 'eq',
  '+not': 'ne',
  '+ne': 'ne',
  '+gt': 'gt',
  '+gte': 'gte',
  '+lt': 'lt',
  '+lte': 'lte',
  '+contains': 'contains',
  '+like': 'contains',
  '+in': 'in',
};

type Kind = 'text' | 'number' | 'date' | 'type' | 'status' | 'class';
const FIELDS: Record<string, { field: IndicatorFilterField; kind: Kind }> = {
  value: { field: 'value', kind: 'text' },
  indicator_value: { field: 'value', kind: 'text' },
  type: { field: 'type_id', kind: 'type' },
  type_name: { field: 'type_id', kind: 'type' },
  type_id: { field: 'type_id', kind: 'type' },
  indicator_type: { field: 'type_id', kind: 'type' },
  status: { field: 'status_id', kind: 'status' },
  status_name: { field: 'status_id', kind: 'status' },
  status_id: { field: 'status_id', kind: 'status' },
  indicator_status: { field: 'status_id', kind: 'status' },
  class: { field: 'class', kind: 'class' },
  score: { field: 'score', kind: 'number' },
  id: { field: 'id', kind: 'number' },
  created_at: { field: 'created_at', kind: 'date' },
  updated_at: { field: 'updated_at', kind: 'date' },
  touched_at: { field: 'touched_at', kind: 'date' },
  expires_at: { field: 'expires_at', kind: 'date' },
};
const RELATED: Record<string, 'source' | 'tag' | 'attribute_name' | 'attribute_value'> = {
  source: 'source',
  sources: 'source',
  source_name: 'source',
  tag: 'tag',
  tags: 'tag',
  tag_name: 'tag',
  attribute_name: 'attribute_name',
  attribute_value: 'attribute_value',
};
const ALLOWED_OPS: Record<Kind, IndicatorFilterOp[]> = {
  text: ['eq', 'ne', 'contains', 'in'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte'],
  type: ['eq', 'ne', 'in'],
  status: ['eq', 'ne', 'in'],
  class: ['eq', 'ne', 'in'],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored forms an exact value matches: as typed, and normalized for its detected type. */
export function valueForms(value: string): string[] {
  const forms = new Set([value]);
  const type = detectIndicatorType(value);
  if (type) {
    const normalized = normalizeIndicatorValue(type, value);
    if (normalized.ok) forms.add(normalized.value);
  }
  return [...forms];
}

class Parser {
  private conditions = 0;

  node(node: unknown, path: string, depth: number): IndicatorFilter {
    if (depth > MAX_DEPTH) throw new IndicatorInputError(path, `nests deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(node)) return { and: node.map((n, i) => this.node(n, `${path}[${i}]`, depth + 1)) };
    if (!isObject(node)) throw new IndicatorInputError(path, 'must be an object of conditions');
    const parts: IndicatorFilter[] = [];
    for (const [key, value] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '+and' || key === '+or') {
        if (!Array.isArray(value)) throw new IndicatorInputError(at, 'must be an array of conditions');
        const children = value.map((n, i) => this.node(n, `${at}[${i}]`, depth + 1));
        parts.push(key === '+and' ? { and: children } : { or: children });
      } else {
        parts.push(this.field(key, value, at));
      }
    }
    return parts.length === 1 ? parts[0]! : { and: parts };
  }

  private count(path: string) {
    if (++this.conditions > MAX_CONDITIONS) throw new IndicatorInputError(path, `too many conditions (at most ${MAX_CONDITIONS})`);
  }

  /** Splits a field's value into (op, operand) pairs. */
  private ops(value: unknown, path: string): Array<[IndicatorFilterOp, unknown, string]> {
    if (Array.isArray(value)) return [['in', value, path]];
    if (!isObject(value)) return [['eq', value, path]];
    const entries = Object.entries(value);
    if (entries.length === 0) throw new IndicatorInputError(path, 'must not be an empty object');
    return entries.map(([op, operand]) => {
      const mapped = OPERATORS[op];
      if (!mapped) throw new IndicatorInputError(`${path}.${op}`, `unknown operator; use ${Object.keys(OPERATORS).join(', ')}`);
      return [mapped, operand, `${path}.${op}`];
    });
  }

  private field(key: string, value: unknown, path: string): IndicatorFilter {
    if (key === 'attribute' || key === 'attributes') {
      if (!isObject(value)) throw new IndicatorInputError(path, 'must be an object {name, value}');
      this.count(path);
      const out: { name?: TextMatch; value?: TextMatch } = {};
      for (const [k, v] of Object.entries(value)) {
        if (k !== 'name' && k !== 'value') throw new IndicatorInputError(`${path}.${k}`, 'unknown key; use name and value');
        out[k] = this.textMatch(v, `${path}.${k}`);
      }
      return { attribute: out };
    }
    const related = RELATED[key];
    if (related) {
      const parts = this.ops(value, path).map(([op, operand, at]): IndicatorFilter => {
        this.count(at);
        const matches = op === 'in' ? this.list(operand, at).map((v) => this.text(v, at)) : [this.text(operand, at)];
        if (op !== 'eq' && op !== 'contains' && op !== 'in') throw new IndicatorInputError(at, 'use a name, +contains or a list of names');
        const leaf = (m: TextMatch): IndicatorFilter =>
          related === 'source' ? { source: m } : related === 'tag' ? { tag: m } : related === 'attribute_name' ? { attribute: { name: m } } : { attribute: { value: m } };
        return op === 'in' ? { or: matches.map((v) => leaf({ op: 'eq', value: v })) } : leaf({ op: op === 'contains' ? 'contains' : 'eq', value: matches[0]! });
      });
      return parts.length === 1 ? parts[0]! : { and: parts };
    }
    const spec = FIELDS[key];
    if (!spec) {
      throw new IndicatorInputError(path, `unknown field; use ${[...Object.keys(FIELDS), ...Object.keys(RELATED), 'attribute'].join(', ')}`);
    }
    const parts = this.ops(value, path).map(([op, operand, at]): IndicatorFilter => {
      this.count(at);
      if (!ALLOWED_OPS[spec.kind].includes(op)) throw new IndicatorInputError(at, `operator not allowed on ${key}; use ${ALLOWED_OPS[spec.kind].join(', ')}`);
      if (op === 'in') {
        const values = this.list(operand, at).flatMap((v, i) => this.operand(spec.kind, v, `${at}[${i}]`));
        return { field: spec.field, op: 'in', value: values };
      }
      if (spec.kind === 'text' && op === 'contains') return { field: spec.field, op, value: this.text(operand, at) };
      const values = this.operand(spec.kind, operand, at);
      // An exact value matches as typed and normalized.
      if (values.length > 1) return op === 'ne' ? { and: values.map((v) => ({ field: spec.field, op, value: v })) } : { field: spec.field, op: 'in', value: values };
      return { field: spec.field, op, value: values[0]! };
    });
    return parts.length === 1 ? parts[0]! : { and: parts };
  }

  private list(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) throw new IndicatorInputError(path, 'must be an array');
    if (value.length > MAX_IN) throw new IndicatorInputError(path, `must have at most ${MAX_IN} entries`);
    return value;
  }

  private text(value: unknown, path: string): string {
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value === '' || value.length > MAX_TEXT) {
      throw new IndicatorInputError(path, `must be a non-empty string of at most ${MAX_TEXT} characters`);
    }
    return value;
  }

  private textMatch(value: unknown, path: string): TextMatch {
    if (isObject(value)) {
      const [[op, operand] = []] = Object.entries(value);
      if (Object.keys(value).length !== 1 || (op !== '+contains' && op !== '+equals' && op !== '+like')) {
        throw new IndicatorInputError(path, 'must be a string or {"+contains": "…"}');
      }
      return { op: op === '+equals' ? 'eq' : 'contains', value: this.text(operand, `${path}.${op}`) };
    }
    return { op: 'eq', value: this.text(value, path) };
  }

  private operand(kind: Kind, value: unknown, path: string): Array<string | number> {
    switch (kind) {
      case 'text':
        return valueForms(this.text(value, path));
      case 'number': {
        const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
        if (typeof n !== 'number' || !Number.isFinite(n)) throw new IndicatorInputError(path, 'must be a number');
        return [n];
      }
      case 'date':
      {
        const ms = value === null ? null : parseTqDate(value, path);
        if (ms === null) throw new IndicatorInputError(path, 'must be a "YYYY-MM-DD HH:MM:SS" date');
        return [ms];
      }
      case 'class':
        if (value !== 'network' && value !== 'host') throw new IndicatorInputError(path, 'must be network or host');
        return [value];
      case 'type': {
        const key = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
        const type = typeof key === 'string' || typeof key === 'number' ? indicatorType(key) : undefined;
        if (!type) throw new IndicatorInputError(path, `unknown indicator type ${JSON.stringify(value)?.slice(0, 60)} (see GET /api/indicator/types)`);
        return [type.id];
      }
      case 'status': {
        const key = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
        const status = typeof key === 'string' || typeof key === 'number' ? indicatorStatus(key) : undefined;
        if (!status) throw new IndicatorInputError(path, `unknown indicator status ${JSON.stringify(value)?.slice(0, 60)} (see GET /api/indicator/statuses)`);
        return [status.id];
      }
    }
  }
}

/**
 * Parses `{criteria, filters}` into one filter (both must hold); undefined when both are empty.
 * ```ts
 * parseQuery({ criteria: { value: { '+contains': 'example.com' } }, filters: { type_name: 'FQDN' } });
 * ```
 */
export function parseQuery(body: { criteria?: unknown; filters?: unknown }, prefix = ''): IndicatorFilter | undefined {
  const parser = new Parser();
  const parts: IndicatorFilter[] = [];
  for (const key of ['criteria', 'filters'] as const) {
    const node = body[key];
    if (node === undefined || node === null) continue;
    if (isObject(node) && Object.keys(node).length === 0) continue;
    if (Array.isArray(node) && node.length === 0) continue;
    parts.push(parser.node(node, prefix + key, 0));
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}
