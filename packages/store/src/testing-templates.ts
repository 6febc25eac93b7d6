/**
 * Migrated template databases for tests: migrating a fresh database costs about 0.3 s on SQLite and 2 s on
 * PostgreSQL, cloning a migrated one a few milliseconds (a file copy) or 0.2 s (`CREATE DATABASE … TEMPLATE`).
 * A template is made once per migration set, named by a hash of the migration sources and of this module, and
 * shared by every test process: a SQLite file in the temp folder, a PostgreSQL database nobody may connect to.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { openStore } from './open-store.js';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Any fixed number: serializes template creation across test processes. */
const TEMPLATE_LOCK = 0x76696769;

let fingerprint: string | undefined;

/**
 * A hash of what makes a template: every file in the migrations folder (the migrations import nothing from
 * outside it, and a fresh store seeds no rows) and this module, which builds it; so an edited migration or
 * a changed way of building gets a new template.
 */
function templateFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256').update(readFileSync(new URL(import.meta.url)));
    for (const name of readdirSync(MIGRATIONS_DIR).sort()) hash.update(name).update(readFileSync(new URL(name, MIGRATIONS_DIR)));
    fingerprint = hash.digest('hex').slice(0, 16);
  }
  return fingerprint;
}

async function migrate(url: string): Promise<void> {
  const store = await openStore({ url, secret: 'template', checkpointWorker: false });
  await store.close();
}

let sqliteTemplate: Promise<string> | undefined;

/** The path of the migrated SQLite template, made on first use (atomically: built aside, then renamed). */
function sqliteTemplateFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const file = join(tmpdir(), `vigil-test-template-${templateFingerprint()}.db`);
    if (existsSync(file)) return file;
    const dir = await mkdtemp(join(tmpdir(), 'vigil-test-template-'));
    try {
      const built = join(dir, 'built.db');
      await migrate(`sqlite:${built}`);
      // One self-contained file (nothing left in a -wal beside it) that any process may copy.
      const raw = new Database(built);
      try {
        raw.prepare('VACUUM INTO ?').run(join(dir, 'template.db'));
      } finally {
        raw.close();
      }
      await rename(join(dir, 'template.db'), file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return file;
  })();
  return sqliteTemplate;
}

/** Writes a copy of the migrated SQLite template to `path`. */
export async function cloneSqliteTemplate(path: string): Promise<void> {
  await copyFile(await sqliteTemplateFile(), path);
}

let postgresTemplate: Promise<string> | undefined;

/** Renames a database; the backends of a pool that just closed may still be exiting, so this waits for them. */
async function renameWhenIdle(admin: pg.Client, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`ALTER DATABASE ${from} RENAME TO ${to}`);
      return;
    } catch (err) {
      // 55006 object_in_use: "database … is being accessed by other users"
      if ((err as { code?: string }).code !== '55006' || attempt >= 200) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * The name of the migrated PostgreSQL template on the server `admin` is connected to, made on first use
 * under an advisory lock (parallel test processes wait for the first), built under another name and renamed
 * when complete, and closed to connections (CREATE DATABASE … TEMPLATE fails while anyone is connected).
 */
export function postgresTemplateName(admin: pg.Client, urlOf: (database: string) => string): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `vigil_tpl_${templateFingerprint()}`;
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) {
        const building = `vigil_tpl_build_${randomBytes(6).toString('hex')}`;
        await admin.query(`CREATE DATABASE ${building}`);
        try {
          await migrate(urlOf(building));
          await renameWhenIdle(admin, building, name);
        } catch (err) {
          await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
          throw err;
        }
        await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
    return name;
  })();
  postgresTemplate.catch(() => {
    postgresTemplate = undefined; // a later test may try again (and fail with its own error)
  });
  return postgresTemplate;
}
