/**
 * The syntax tree the parser produces and the compiler turns into a predicate.
 * @module
 */
import type { FieldSpec } from './fields.js';

/** Comparison operators after normalisation: `!=` is a negated `=`, `not in` a negated `in`, and so on. */
export type ComparisonOperator =
  | '='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'starts_with'
  | 'ends_with'
  | 'contains'
  | 'like'
  | 'matches';

/** A literal as written: quoted string, number, unquoted IP/CIDR, `null`, `true` or `false`. */
export interface Literal {
  readonly kind: 'string' | 'number' | 'address' | 'null' | 'boolean';
  readonly value: string | number | boolean | null;
  /** source text, for messages */
  readonly raw: string;
  readonly start: number;
}

export interface Comparison {
  readonly kind: 'compare';
  readonly field: string;
  readonly spec: FieldSpec;
  readonly op: ComparisonOperator;
  /** how the operator was written, for messages (`!=`, `not in`, …) */
  readonly opText: string;
  readonly negated: boolean;
  /** one literal, or the list of an `in` */
  readonly values: readonly Literal[];
  readonly start: number;
  readonly opStart: number;
}

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly FilterNode[]; readonly start: number }
  | { readonly kind: 'not'; readonly child: FilterNode; readonly start: number }
  | Comparison;
