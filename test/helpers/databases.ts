import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest } from '../../services/db/migrate.ts';
import { openDatabase, type ArenaDatabase } from '../../services/db/open-database.ts';

/** The PostgreSQL server tests create their throwaway databases on. */
export const postgresAdminUrl =
  process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

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

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
