import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../services/db/migrate.ts';
import { openDatabase, type ArenaDatabase } from '../../services/db/open-database.ts';

/**
 * A superuser connection to the PostgreSQL server the tests use (`postgres` is the one role every
 * fresh cluster has). Tests use it only to create their own role, `testRole`, once.
 */
const postgresSuperuserUrl =
  process.env.TEST_POSTGRES_SUPERUSER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The unprivileged role that owns every throwaway test database: it can log in and create
 * databases, nothing more, so the services are tested with the rights a deployment gives them.
 */
const testRole = 'arena_test';

/** The connection tests create their throwaway databases with. */
export const postgresAdminUrl =
  process.env.TEST_POSTGRES_URL ??
  (() => {
    const url = new URL(postgresSuperuserUrl);
    url.username = testRole;
    return url.toString();
  })();

export type BackendName = 'sqlite' | 'postgres';
export const backends: readonly BackendName[] = ['sqlite', 'postgres'];

/** Where a test database lives, so a test can also start services against it. */
export interface TestDatabaseLocation {
  databaseUrl: string | undefined;
  dataDir: string;
}

/**
 * Gives `fn` an empty database of the given kind (a fresh SQLite file, or a freshly created
 * PostgreSQL database), migrated unless `migrate` is false, and removes it afterwards.
 */
export async function withDatabase<T>(
  backend: BackendName,
  fn: (database: ArenaDatabase, location: TestDatabaseLocation) => Promise<T>,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<T> {
  return withDatabaseLocation(backend, async (location) => {
    const database = openDatabase(location.databaseUrl, location.dataDir);
    try {
      if (migrate) await migrateToLatest(database.db);
      return await fn(database, location);
    } finally {
      await database.close();
    }
  });
}

/** Creates an empty database and a data directory, without opening them. */
export async function withDatabaseLocation<T>(
  backend: BackendName,
  fn: (location: TestDatabaseLocation) => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-test-'));
  try {
    if (backend === 'sqlite') return await fn({ databaseUrl: undefined, dataDir });
    const name = `arena_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(postgresAdminUrl);
      url.pathname = `/${name}`;
      return await fn({ databaseUrl: url.toString(), dataDir });
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

let testRoleReady: Promise<void> | undefined;

/** Creates `testRole` unless it exists (or unless TEST_POSTGRES_URL names a role of its own). */
function ensureTestRole(): Promise<void> {
  if (process.env.TEST_POSTGRES_URL !== undefined) return Promise.resolve();
  testRoleReady ??= (async () => {
    const client = new pg.Client({ connectionString: postgresSuperuserUrl });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [testRole]);
      if (found.rowCount === 0) {
        await client.query(`CREATE ROLE ${testRole} LOGIN CREATEDB`).catch((error: unknown) => {
          // Another test process created it between the check and here.
          const code = (error as { code?: string }).code;
          if (code !== '42710' && code !== '23505') throw error;
        });
      }
    } finally {
      await client.end();
    }
  })();
  return testRoleReady;
}

async function adminQuery(sql: string): Promise<void> {
  await ensureTestRole();
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
