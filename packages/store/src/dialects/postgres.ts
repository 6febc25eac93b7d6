/**
 * PostgreSQL through a node-postgres Pool and Kysely's PostgresDialect.
 * @module
 */
import pg from 'pg';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { StoreValidationError } from '../errors.js';
import { ARRAY_ROWS_MARKER } from '../internal/array-rows.js';

const INT8_OID = 20;

/**
 * Times are BIGINT epoch ms and counts are int8; pg returns int8 as strings by default because it can
 * exceed 2^53. Our values never do, so parse them to numbers, but only on this pool's clients: changing
 * `pg.types` globally would alter every other pg user in the process.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Creates a connection pool for `url` (`postgres://…` or `postgresql://…`) wrapped in a Kysely dialect.
 *
 * ```ts
 * const db = new Kysely<Database>({ dialect: createPostgresDialect('postgres://vigil@db/vigil') });
 * ```
 */
export function createPostgresDialect(url: string, options: { max?: number } = {}): PostgresDialect {
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that would crash the
  // process. The next checkout simply gets a fresh client.
  pool.on('error', () => {});
  return new PostgresDialect({ pool: arrayRowsPool(pool) });
}

/**
 * Hands Kysely clients that run SQL marked with ARRAY_ROWS_MARKER in pg's array row mode, so the
 * array-row list queries behave the same on both dialects. Wrappers are kept per pg client because
 * Kysely keys its connection objects by client identity.
 */
function arrayRowsPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (wrapper === undefined) {
        const query = (sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
          if (parameters !== undefined && hasNul(parameters)) return Promise.reject(nulError());
          return typeof sqlOrCursor === 'string' && sqlOrCursor.startsWith(ARRAY_ROWS_MARKER)
            ? client.query({ text: sqlOrCursor, values: parameters as unknown[], rowMode: 'array' })
            : (client.query as (...args: unknown[]) => unknown)(sqlOrCursor, parameters);
        };
        wrapper = { query: query as PostgresPoolClient['query'], release: () => client.release() };
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/**
 * PostgreSQL text cannot hold NUL characters and fails the whole statement, which would surface as a
 * server error for e.g. an id taken from a URL; SQLite stores them. Refusing such parameters up front
 * turns that into the validation error the API layer reports as a bad request.
 */
function hasNul(parameters: ReadonlyArray<unknown>): boolean {
  for (const p of parameters) if (typeof p === 'string' && p.includes('\0')) return true;
  return false;
}

function nulError(): StoreValidationError {
  return new StoreValidationError('text values must not contain NUL characters');
}
