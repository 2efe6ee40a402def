import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from './db';
import { VerifyPool } from './verify-pool';
import { Schemas } from './schemas';
import { LedgerService } from './service';
import { createLedgerServer } from './http';
import { databaseDigest } from './digest';

// The reference ledger, in-process: `startLedger` for tests, the bridge and the demo;
// `npx kerb ledger` for a terminal window.
export interface LedgerOptions {
  port?: number; // 0 (default) picks a free port
  host?: string; // default 127.0.0.1
  dataDir?: string; // PGlite directory; ignored with databaseUrl or memory
  memory?: boolean; // PGlite in memory (tests)
  databaseUrl?: string; // postgres://… (default: process.env.DATABASE_URL unless memory or dataDir is given)
  workers?: number; // signature-verification threads (default: CPU count, at most 4)
  clock?: () => number; // unix seconds
  adminToken?: string; // when set, enrolment, limits, issuer keys, revocations and the books need it
  log?: (line: string) => void;
}

export interface RunningLedger {
  url: string;
  port: number;
  service: LedgerService;
  db: Database;
  digest(): ReturnType<typeof databaseDigest>;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.kerb/ledger';

export async function startLedger(options: LedgerOptions = {}): Promise<RunningLedger> {
  const explicitStore = options.memory || options.dataDir !== undefined;
  const databaseUrl = options.databaseUrl ?? (explicitStore ? undefined : process.env.DATABASE_URL);
  const db = await openDatabase({ databaseUrl, dataDir: options.memory ? undefined : options.dataDir ?? DEFAULT_DATA_DIR });
  const pool = new VerifyPool(options.workers);
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const log = options.log ?? ((line: string) => console.error(line));
  const service = new LedgerService(db, pool, clock);
  const server = createLedgerServer(service, new Schemas(), { log, adminToken: options.adminToken });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await pool.close();
    await db.close();
    throw e;
  }
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    service,
    db,
    digest: () => databaseDigest(db),
    close() {
      closing ??= (async () => {
        // Stop accepting, let requests in flight commit, then release the store.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), 5_000);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        await pool.close();
        await db.close();
      })();
      return closing;
    },
  };
}
