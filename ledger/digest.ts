import { createHash } from 'node:crypto';
import type { Queryable } from './db';

// A fingerprint of everything the ledger stores: row counts and a hash of every row of
// every table, in key order. Equal digests before and after a run of hostile requests
// show that none of them changed anything.
const TABLES: [string, string][] = [
  ['schema_migrations', 'version'],
  ['ledger_state', 'id'],
  ['terminals', 'terminal_id'],
  ['issuer_keys', 'key_id'],
  ['certificates', 'hash'],
  ['revocations', 'wallet_id'],
  ['records', 'terminal_id, seq'],
  ['settlement_totals', 'merchant_id, currency'],
  ['conflicts', 'id'],
  ['idempotency_keys', 'terminal_id, key'],
];

export async function databaseDigest(db: Queryable): Promise<{ counts: Record<string, number>; hash: string }> {
  const counts: Record<string, number> = {};
  const h = createHash('sha256');
  for (const [table, order] of TABLES) {
    const rows = await db.query<{ n: number; m: string | null }>(
      `SELECT count(*)::bigint AS n, md5(string_agg(t::text, '|' ORDER BY ${order})) AS m FROM ${table} t`);
    counts[table] = rows[0].n;
    h.update(`${table}:${rows[0].n}:${rows[0].m ?? ''};`);
  }
  return { counts, hash: h.digest('hex') };
}
