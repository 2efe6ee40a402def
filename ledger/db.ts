import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { mkdirSync, openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

// One interface over the two stores the ledger runs on: PGlite (PostgreSQL compiled to
// WebAssembly, in-process; a directory or memory) and a PostgreSQL server through `pg`.
// Both see the same SQL, the same migrations and the same transaction boundaries.
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  kind: 'pglite' | 'pglite-memory' | 'postgres';
  // Runs fn in one transaction; resolves only after the commit is durable.
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir?: string; // PGlite directory; omitted = in memory
  databaseUrl?: string; // postgres://… wins over dataDir
}

// `migrations`: a prefix of MIGRATIONS opens the database at an older schema version,
// which is how tests build the state an upgrade starts from.
export async function openDatabase(options: DatabaseOptions, migrations: Migration[] = MIGRATIONS): Promise<Database> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  await migrate(db, migrations);
  return db;
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pgl = new PGlite(dataDir);
  await pgl.waitReady;
  // PGlite's Emscripten file system turns PostgreSQL's fsync into a no-op, so after each
  // commit the ledger fsyncs the WAL segment itself: a committed batch then survives a
  // power cut, not just a crash of this process.
  const syncWal = dataDir ? walSyncer(pgl, dataDir) : async () => {};
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params as never[])).rows;
    },
  });
  const base = wrap(pgl);
  return {
    kind: dataDir ? 'pglite' : 'pglite-memory',
    query: base.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const out = await pgl.transaction((tx) => fn(wrap(tx)));
      await syncWal();
      return out;
    },
    close: () => pgl.close(),
  };
}

function walSyncer(pgl: PGlite, dataDir: string): () => Promise<void> {
  const walDir = join(dataDir, 'pg_wal');
  let previous = '';
  const sync = (path: string) => {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  return async () => {
    const { rows } = await pgl.query<{ f: string }>('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS f');
    const current = rows[0].f;
    // A commit that crossed into a new segment also left bytes in the previous one, and
    // the new segment's directory entry must reach the disk too.
    if (previous && previous !== current) {
      if (existsSync(join(walDir, previous))) sync(join(walDir, previous));
      sync(walDir);
    }
    sync(join(walDir, current));
    previous = current;
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // A connection that dies while idle in the pool (server restart, failover, a cut
  // network) is an 'error' event on the pool, which unhandled ends the process. The pool
  // has already dropped that connection; the next query opens a new one.
  pool.on('error', () => {});
  // bigint and numeric come back as strings from pg; the ledger's numbers fit in 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, toBuffers(params))).rows as T[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, toBuffers(params))).rows as R[] });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

// Applies the migrations not yet recorded, all in one transaction, under an
// advisory lock so that several ledger processes on one server migrate once.
async function migrate(db: Database, migrations: Migration[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242001)');
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const stmt of m.statements) await tx.query(stmt);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    }
  });
}

// pg serialises Buffers (also inside arrays) as bytea; plain Uint8Arrays it does not.
function toBuffers(params?: unknown[]): unknown[] | undefined {
  const conv = (v: unknown): unknown => {
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (Array.isArray(v)) return v.map(conv);
    return v;
  };
  return params?.map(conv);
}
