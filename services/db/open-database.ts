import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DatabaseKind = 'postgres' | 'sqlite';

export interface ArenaDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Human-readable location, for logs: never includes a password. */
  location: string;
  close(): Promise<void>;
}

const sqliteBusyTimeoutMs = 5_000;
const connectTimeoutMs = 5_000;

/**
 * Opens PostgreSQL when `databaseUrl` is set, otherwise the embedded SQLite file
 * `dataDir/arena.sqlite` (created on first use).
 */
export function openDatabase(databaseUrl: string | undefined, dataDir: string): ArenaDatabase {
  if (databaseUrl !== undefined) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      // A database that does not answer fails the query (retried by its caller) rather than
      // leaving the request, the scheduler tick or the comparison job hanging.
      connectionTimeoutMillis: connectTimeoutMs,
    });
    // A server that goes away (restart, failover: 57P01) makes each of its clients emit 'error',
    // idle or checked out; without a listener that event would end the process. The pool drops
    // an idle client at once and a checked-out one on release (it is no longer queryable, so its
    // next query fails and is retried by its caller), so logging is all there is to do. The
    // pool re-emits an idle client's error, and its own 'error' also needs a listener.
    pool.on('connect', (client) => {
      client.on('error', (error) => {
        console.error(`database: connection lost: ${error.message}`);
      });
    });
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      location: redactPassword(databaseUrl),
      close: () => db.destroy(),
    };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'arena.sqlite');
  return openSqliteFile(file);
}

export function openSqliteFile(file: string): ArenaDatabase {
  const sqlite = new SQLite(file);
  // WAL lets the CLI read while the services write; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, kind: 'sqlite', location: file, close: () => db.destroy() };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
