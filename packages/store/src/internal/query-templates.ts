/**
 * SELECTs built with Kysely once per shape and then only re-bound. Building and compiling a Kysely query
 * costs about as much as running it, and the hot queries have a handful of shapes (which optional
 * filters are present), so each shape is compiled on first use with placeholder values, and later calls
 * substitute the real values into the recorded parameter positions.
 * @module
 */
import type { Compilable } from 'kysely';
import type { ReadPath } from './read-path.js';

/** Stands in for the i-th value while a shape is compiled for the first time. */
class Placeholder {
  constructor(readonly index: number) {}
}

interface Template {
  sql: string;
  /** for each compiled parameter: the index into `values`, or -1 for a constant the builder added */
  slots: number[];
  constants: unknown[];
}

export interface QueryTemplates {
  /**
   * Runs the query of shape `key` with `values`. `build` must use only `v[i]` for values, and `key`
   * must change whenever the SQL would (e.g. include which optional filters are present).
   */
  arrays(key: string, values: readonly unknown[], build: (v: readonly any[]) => Compilable<unknown>): Promise<unknown[][]>;
  objects<R>(key: string, values: readonly unknown[], build: (v: readonly any[]) => Compilable<unknown>): Promise<R[]>;
}

/**
 * ```ts
 * const templates = createQueryTemplates(readPath);
 * const [row] = await templates.objects('agents.get', [orgId, id], (v) =>
 *   db.selectFrom('agents').selectAll().where('org_id', '=', v[0]).where('id', '=', v[1]));
 * ```
 */
export function createQueryTemplates(read: ReadPath): QueryTemplates {
  const templates = new Map<string, Template>();

  function bind(key: string, values: readonly unknown[], build: (v: readonly any[]) => Compilable<unknown>) {
    let t = templates.get(key);
    if (t === undefined) {
      const compiled = build(values.map((_, i) => new Placeholder(i))).compile();
      t = {
        sql: compiled.sql,
        slots: compiled.parameters.map((p) => (p instanceof Placeholder ? p.index : -1)),
        constants: [...compiled.parameters],
      };
      templates.set(key, t);
    }
    const { slots, constants } = t;
    const parameters = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      parameters[i] = slot >= 0 ? values[slot] : constants[i];
    }
    return { sql: t.sql, parameters };
  }

  return {
    arrays(key, values, build) {
      const { sql, parameters } = bind(key, values, build);
      return read.select(sql, parameters, true) as Promise<unknown[][]>;
    },
    objects<R>(key: string, values: readonly unknown[], build: (v: readonly any[]) => Compilable<unknown>) {
      const { sql, parameters } = bind(key, values, build);
      return read.select(sql, parameters, false) as Promise<R[]>;
    },
  };
}
