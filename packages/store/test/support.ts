/**
 * Shared fixtures for the store tests: one migrated store per dialect suite, fresh organizations per test,
 * and raw SQL access for asserting what is actually stored.
 * @module
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Cursor, DialectName, NewAgent, NewAlert, Page, Store } from '../src/index.js';
import { Kysely } from 'kysely';
import { createPostgresDialect } from '../src/dialects/postgres.js';
import { createSqliteDialect } from '../src/dialects/sqlite.js';
import { parseStoreUrl } from '../src/open-store.js';
import { openTestStore } from '../src/testing.js';

/** A bare Kysely on a test database, outside the store: for migrations run and rows written by hand. */
export function bareKysely(url: string): Kysely<any> {
  const { dialect, target } = parseStoreUrl(url);
  return new Kysely<any>({ dialect: dialect === 'sqlite' ? createSqliteDialect(target) : createPostgresDialect(target) });
}

export interface Suite {
  store: Store;
  url: string;
}

/**
 * Registers before/after hooks in the current `describe` that open a store on a fresh database of
 * `dialect` and drop it afterwards. Read `store`/`url` inside tests (they are set by `before`).
 *
 * ```ts
 * describe('sqlite', () => { const s = useStore('sqlite'); it('…', () => s.store.ping()); });
 * ```
 */
export function useStore(dialect: DialectName): Suite {
  const suite = {} as Suite;
  let cleanup: (() => Promise<void>) | undefined;
  before(async () => {
    const opened = await openTestStore(dialect);
    suite.store = opened.store;
    suite.url = opened.url;
    cleanup = opened.cleanup;
  });
  after(async () => {
    await cleanup?.();
  });
  return suite;
}

let orgCounter = 0;

/**
 * Creates an organization with a unique id so tests sharing a database never see each other's rows.
 *
 * ```ts
 * const org = await newOrg(s.store);
 * ```
 */
export async function newOrg(store: Store): Promise<string> {
  orgCounter += 1;
  const org = await store.organizations.create({ id: `org-${process.pid}-${orgCounter}`, name: `Org ${orgCounter}` });
  return org.id;
}

/**
 * Runs one SQL statement directly on the database behind `url` (bypassing the store).
 *
 * ```ts
 * const rows = await rawQuery(s.url, 'select key_ciphertext from api_keys');
 * ```
 */
export async function rawQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** A base time for fixtures (2023-11-14T22:13:20Z). */
export const T0 = 1_700_000_000_000;

/**
 * A complete NewAgent with overridable fields.
 *
 * ```ts
 * await store.agents.create(agentInput(orgId, { hostname: 'web-1' }));
 * ```
 */
export function agentInput(orgId: string, over: Partial<NewAgent> = {}): NewAgent {
  return {
    orgId,
    instanceId: null,
    status: 'online',
    lastReportedAt: T0,
    version: '3.1.0',
    name: 'host',
    description: '',
    hostname: 'host.example.com',
    ipAddresses: { private: ['10.0.0.1'], link_local: ['fe80::1'], public: [] },
    tags: [{ source: 'ec2', key: 'env', value: 'prod' }],
    agentType: 'monitor',
    osVersion: 'Ubuntu 22.04',
    kernel: '5.15.0',
    agentModuleHealth: { isHealthy: true, dnsTracer: 'HEALTHY' },
    ...over,
  };
}

/**
 * A complete NewAlert with overridable fields.
 *
 * ```ts
 * await store.alerts.create(alertInput(orgId, { severity: 1 }));
 * ```
 */
export function alertInput(orgId: string, over: Partial<NewAlert> = {}): NewAlert {
  return {
    orgId,
    title: 'Suspicious process',
    dataSource: 'host',
    createdAt: T0,
    severity: 2,
    agentId: null,
    ruleId: null,
    rulesetId: null,
    aggregates: [{ fieldName: 'exe', exe: '/usr/bin/curl' }],
    ...over,
  };
}

/**
 * Follows `next` cursors until the last page, calling `between` after every page that has a successor
 * (to insert rows while paging). Checks the Page invariants on the way and returns every page.
 *
 * ```ts
 * const pages = await pageAll((after) => store.alerts.list(org, { isDismissed: false }, { limit: 40, after }));
 * ```
 */
export async function pageAll<T extends { id: string }>(
  fetch: (after: Cursor | undefined) => Promise<Page<T>>,
  limit: number,
  sortValue: (item: T) => number,
  between?: (cursor: Cursor, pageIndex: number) => Promise<void>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let after: Cursor | undefined;
  for (;;) {
    const page = await fetch(after);
    pages.push(page.items);
    assert.ok(page.items.length <= limit, 'never more than limit items');
    if (page.next === undefined) return pages;
    assert.equal(page.items.length, limit, 'only full pages have a next cursor');
    const last = page.items[page.items.length - 1]!;
    assert.deepEqual(page.next, [sortValue(last), last.id], 'next is the position of the last item');
    after = page.next;
    await between?.(after, pages.length - 1);
    if (pages.length > 1000) throw new Error('paging does not terminate');
  }
}
