import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import { makeWorld, apiFor, CURRENCY, T0, type World } from '../../ledger/testing/world';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { MIGRATIONS } from '../../ledger/migrations';
import { createWallet } from '../../protocol/kit/wallet';
import { fastSigningCrypto } from '../../ledger/testing/journal-writer';
import { seededRandom } from '../../protocol/crypto/host';
import { POSTGRES_BIN, POSTGRES_SKIP_REASON, startPostgres, type PostgresServer } from '../support/postgres';

// The reference ledger on a PostgreSQL server through `pg` (DATABASE_URL), the way a
// deployment outgrows one machine: the same schema, migrations and ingest semantics as
// on PGlite, plus what only a shared server exercises — several ledger processes
// migrating one empty database and writing one terminal's chain at the same time.
const name = POSTGRES_BIN ? 'reference ledger on a PostgreSQL server' : `reference ledger on a PostgreSQL server (SKIPPED: ${POSTGRES_SKIP_REASON})`;
if (!POSTGRES_BIN) console.warn(`tests/ledger/postgres.test.ts: ${POSTGRES_SKIP_REASON}`);

const quiet = { workers: 1, clock: () => T0 + 86_400 * 30, log: () => {} };

describe(name, () => {
  let server: PostgresServer;
  let w: World;
  let ledgerUrl: string;
  beforeAll(async () => {
    if (!POSTGRES_BIN) return;
    server = await startPostgres();
    ledgerUrl = await server.createDatabase('ledger');
    w = await makeWorld({ databaseUrl: ledgerUrl, seed: 'postgres', wallets: 4 });
  });
  afterAll(async () => {
    await w?.close();
    await server?.stop();
  });

  it.skipIf(!POSTGRES_BIN)('runs on the server with every migration applied', async () => {
    expect(w.ledger.db.kind).toBe('postgres');
    const health = await w.api('GET', '/v1/health');
    expect(health.json).toMatchObject({ status: 'ok', storage: 'postgres' });
    const versions = await w.ledger.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await w.ledger.db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((r) => r.t)).toEqual(['certificates', 'conflicts', 'idempotency_keys', 'issuer_keys', 'ledger_state',
      'records', 'revocations', 'schema_migrations', 'settlement_totals', 'terminals', 'wallet_heads']);
  });

  it.skipIf(!POSTGRES_BIN)('enrols, ingests a batch, and settles a batch uploaded twice exactly once', async () => {
    const t = await w.terminal(31);
    const recs = Array.from({ length: 8 }, (_, i) => t.sale(w.wallets[i % 2], 1000 + i, T0 + 100 + i));
    const first = await w.upload(t, recs.slice(0, 5), 'pg-k1');
    expect(first.status).toBe(200);
    expect(first.json.accepted).toEqual([1, 2, 3, 4, 5]);
    expect(first.json.cursor.lastSeq).toBe(5);
    expect(typeof first.json.ack).toBe('string');
    const same = await w.upload(t, recs.slice(0, 5), 'pg-k1');
    expect(same.json).toEqual(first.json);
    const overlap = await w.upload(t, recs.slice(3), 'pg-k2');
    expect(overlap.json.accepted).toEqual([4, 5, 6, 7, 8]);
    expect((await w.upload(t, recs.slice(0, 2), 'pg-k1')).json.code).toBe('idempotency_key_reused');
    const s = await w.api('GET', '/v1/merchants/31/settlement');
    expect(s.json).toEqual({ merchantId: 31, totals: [{ currency: CURRENCY, count: 8, amount: 8 * 1000 + 28 }], quarantined: 0 });
    const listed = await w.api('GET', `/v1/terminals/${t.terminalId}/records`);
    expect(listed.json.records.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const cursor = await w.api('GET', `/v1/terminals/${t.terminalId}/cursor`);
    expect(cursor.json).toEqual(overlap.json.cursor);
  });

  it.skipIf(!POSTGRES_BIN)('detects a double spend across two terminals and a counter rollback', async () => {
    const crypto = { ...fastSigningCrypto(), random: seededRandom('pg-cheat') };
    const cheat = createWallet(crypto, (walletKey) => w.issuer.issue({ walletId: 888, walletKey, perPaymentLimit: 5000, currency: CURRENCY, notBefore: T0 - 10, expiry: T0 + 86_400 * 100 }));
    const a = await w.terminal(41);
    const b = await w.terminal(42);
    const ra = a.sale(cheat, 700, T0 + 50, { counter: 10 });
    const rb = b.sale(cheat, 800, T0 + 60, { counter: 10 });
    const upA = await w.api('POST', `/v1/terminals/${a.terminalId}/batches`, { records: [Buffer.from(ra).toString('base64')], certificates: [Buffer.from(cheat.certificate.bytes).toString('base64')] }, { 'idempotency-key': 'pg-a1' });
    expect(upA.json.accepted).toEqual([1]);
    const upB = await w.upload(b, [rb]);
    expect(upB.status).toBe(200);
    expect(upB.json.accepted).toEqual([]);
    expect(upB.json.rejected).toMatchObject([{ seq: 1, code: 'double_spend' }]);
    // Stamped after counter 10 reached the ledger, a lower counter is a rollback.
    const rollback = a.sale(cheat, 5, T0 + 86_400 * 30 + 100, { counter: 4 });
    expect((await w.upload(a, [rollback])).json.accepted).toEqual([2]);
    const conflicts = (await w.api('GET', '/v1/conflicts?limit=1000')).json.conflicts as { kind: string; terminalId: number; seq: number; otherTerminalId: number; otherSeq: number; walletId: number }[];
    const mine = conflicts.filter((c) => c.walletId === 888);
    expect(mine.map((c) => c.kind)).toEqual(['double_spend', 'counter_rollback']);
    expect(mine[0]).toMatchObject({ terminalId: b.terminalId, seq: 1, otherTerminalId: a.terminalId, otherSeq: 1 });
    expect((await w.api('GET', '/v1/merchants/41/settlement')).json).toEqual({ merchantId: 41, totals: [{ currency: CURRENCY, count: 2, amount: 705 }], quarantined: 0 });
    expect((await w.api('GET', '/v1/merchants/42/settlement')).json).toEqual({ merchantId: 42, totals: [], quarantined: 1 });
  });

  it.skipIf(!POSTGRES_BIN)('two ledgers (separate connection pools) uploading overlapping batches of one terminal at once store each record exactly once', async () => {
    const second = await startLedger({ databaseUrl: ledgerUrl, ...quiet });
    try {
      const api2 = apiFor(second.url);
      const t = await w.terminal(51);
      const n = 240;
      const recs = Array.from({ length: n }, (_, i) => t.sale(w.wallets[i % 4], 100 + i, T0 + 1000 + i));
      const b64 = (list: Uint8Array[]) => list.map((r) => Buffer.from(r).toString('base64'));
      // Windows that overlap each other; half go through each ledger, all at once. Some
      // start beyond the chain's head when sent and are refused with chain_gap (409).
      const windows: [number, number][] = [];
      for (let from = 0; from < n; from += 20) windows.push([from, Math.min(n, from + 60)]);
      const send = (i: number, [from, to]: [number, number]) => {
        const api = i % 2 === 0 ? w.api : api2;
        return api('POST', `/v1/terminals/${t.terminalId}/batches`, { records: b64(recs.slice(from, to)) }, { 'idempotency-key': `pg-race-${i}` });
      };
      const round = async (tag: string) => {
        const results = await Promise.all([...windows, ...windows.slice().reverse()].map((win, i) => send(i + (tag === 'a' ? 0 : 1000), win)));
        for (const r of results) {
          expect([200, 409, 503]).toContain(r.status);
          if (r.status === 200) expect(r.json.rejected).toEqual([]);
        }
        return results;
      };
      let results = await round('a');
      // Whatever the race left, a final upload of everything through the other ledger
      // completes the chain; nothing may be stored twice, rejected or reported.
      const rest = await api2('POST', `/v1/terminals/${t.terminalId}/batches`, { records: b64(recs) }, { 'idempotency-key': 'pg-race-rest' });
      expect(rest.status).toBe(200);
      expect(rest.json.accepted).toHaveLength(n);
      expect(rest.json.rejected).toEqual([]);
      results = results.concat(await round('b'));
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(windows.length);
      const rows = await w.ledger.db.query<{ seq: number; status: string }>('SELECT seq, status FROM records WHERE terminal_id = $1 ORDER BY seq', [t.terminalId]);
      expect(rows).toHaveLength(n);
      expect(rows.map((r) => r.seq)).toEqual(recs.map((_, i) => i + 1));
      expect(rows.every((r) => r.status === 'accepted')).toBe(true);
      const settlement = (await api2('GET', '/v1/merchants/51/settlement')).json;
      expect(settlement).toEqual({ merchantId: 51, totals: [{ currency: CURRENCY, count: n, amount: n * 100 + (n * (n - 1)) / 2 }], quarantined: 0 });
      const conflicts = (await w.api('GET', `/v1/conflicts?terminalId=${t.terminalId}`)).json.conflicts;
      expect(conflicts).toEqual([]);
      const c1 = (await w.api('GET', `/v1/terminals/${t.terminalId}/cursor`)).json;
      const c2 = (await api2('GET', `/v1/terminals/${t.terminalId}/cursor`)).json;
      expect(c1.lastSeq).toBe(n);
      expect(c2).toEqual(c1);
    } finally {
      await second.close();
    }
  });

  it.skipIf(!POSTGRES_BIN)('two ledgers that planned the same batch against the same head write it once: the second waits on the row lock and plans again', async () => {
    const second = await startLedger({ databaseUrl: ledgerUrl, ...quiet });
    const holder = new pg.Pool({ connectionString: ledgerUrl, max: 1 });
    holder.on('error', () => {});
    const client = await holder.connect();
    try {
      const t = await w.terminal(52);
      const recs = Array.from({ length: 30 }, (_, i) => t.sale(w.wallets[i % 4], 10 + i, T0 + 2000 + i));
      const body = { records: recs.map((r) => Buffer.from(r).toString('base64')) };
      // Hold the terminal's row so that both uploads plan against seq 0 and then queue on
      // the lock inside their transactions.
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM terminals WHERE terminal_id = $1 FOR UPDATE', [t.terminalId]);
      const path = `/v1/terminals/${t.terminalId}/batches`;
      const one = w.api('POST', path, body, { 'idempotency-key': 'pg-lock-1' });
      const two = apiFor(second.url)('POST', path, body, { 'idempotency-key': 'pg-lock-2' });
      // Polled from another connection: inside the holder's transaction pg_stat_activity
      // is a snapshot taken at its first read.
      for (;;) {
        const [{ n }] = await w.ledger.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT last_seq%FOR UPDATE'`);
        if (n === 2) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await client.query('COMMIT');
      const [r1, r2] = await Promise.all([one, two]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
      expect(r1.json.accepted).toEqual(recs.map((_, i) => i + 1));
      expect(r2.json.accepted).toEqual(r1.json.accepted);
      expect(r2.json.cursor).toEqual(r1.json.cursor);
      const [{ n }] = await w.ledger.db.query<{ n: number }>('SELECT count(*) AS n FROM records WHERE terminal_id = $1', [t.terminalId]);
      expect(n).toBe(30);
      expect((await w.api('GET', '/v1/merchants/52/settlement')).json.totals).toEqual([{ currency: CURRENCY, count: 30, amount: 30 * 10 + 435 }]);
      expect((await w.api('GET', `/v1/conflicts?terminalId=${t.terminalId}`)).json.conflicts).toEqual([]);
    } finally {
      client.release();
      await holder.end();
      await second.close();
    }
  });

  it.skipIf(!POSTGRES_BIN)('two terminals settling the same wallets in opposite orders at once do not deadlock', async () => {
    const second = await startLedger({ databaseUrl: ledgerUrl, ...quiet });
    const holder = new pg.Pool({ connectionString: ledgerUrl, max: 1 });
    holder.on('error', () => {});
    const client = await holder.connect();
    try {
      const [t1, t2] = [await w.terminal(71), await w.terminal(72)];
      const [p, q, r, s] = w.wallets;
      const b64s = (list: Uint8Array[]) => ({ records: list.map((x) => Buffer.from(x).toString('base64')) });
      // Each wallet has a head row already.
      expect((await w.upload(t1, [p, q, r, s].map((wal, i) => t1.sale(wal, 1, T0 + 4000 + i)))).json.accepted).toEqual([1, 2, 3, 4]);
      const one = b64s([p, q, r, s].map((wal, i) => t1.sale(wal, 1, T0 + 5000 + i)));
      const two = b64s([s, r, q, p].map((wal, i) => t2.sale(wal, 1, T0 + 5000 + i)));
      // Hold one wallet's head so that both batches are inside their wallet-head update
      // at the same time, each holding the rows it reached first.
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM wallet_heads WHERE wallet_id = $1 FOR UPDATE', [r.certificate.walletId]);
      const first = w.api('POST', `/v1/terminals/${t1.terminalId}/batches`, one, { 'idempotency-key': 'pg-order-1' });
      const other = apiFor(second.url)('POST', `/v1/terminals/${t2.terminalId}/batches`, two, { 'idempotency-key': 'pg-order-2' });
      for (;;) {
        const [{ n }] = await w.ledger.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO wallet_heads%'`);
        if (n === 2) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      await client.query('COMMIT');
      const [r1, r2] = await Promise.all([first, other]);
      expect([r1.status, r2.status], JSON.stringify([r1.json, r2.json])).toEqual([200, 200]);
      expect([r1.json.accepted, r2.json.accepted]).toEqual([[5, 6, 7, 8], [1, 2, 3, 4]]);
      expect((await w.api('GET', '/v1/merchants/71/settlement')).json.totals).toEqual([{ currency: CURRENCY, count: 8, amount: 8 }]);
      expect((await w.api('GET', '/v1/merchants/72/settlement')).json.totals).toEqual([{ currency: CURRENCY, count: 4, amount: 4 }]);
    } finally {
      client.release();
      await holder.end();
      await second.close();
    }
  });

  it.skipIf(!POSTGRES_BIN)('keeps serving after the PostgreSQL server restarts under it', async () => {
    const t = await w.terminal(61);
    const recs = [1, 2, 3, 4].map((i) => t.sale(w.wallets[0], i, T0 + 3000 + i));
    expect((await w.upload(t, recs.slice(0, 2))).json.accepted).toEqual([1, 2]);
    await server.restart();
    // The pool's idle connections died with the server. A request that catches one before
    // the pool notices may fail with a 5xx, which the bridge retries; the next reconnects.
    let after = await w.upload(t, recs, 'pg-restart');
    if (after.status >= 500) after = await w.upload(t, recs, 'pg-restart');
    expect(after.status).toBe(200);
    expect(after.json.accepted).toEqual([1, 2, 3, 4]);
    expect((await w.api('GET', '/v1/health')).json.status).toBe('ok');
  });

  it.skipIf(!POSTGRES_BIN)('four ledgers starting at once on an empty database migrate it once', async () => {
    const url = await server.createDatabase('fresh');
    const ledgers: RunningLedger[] = [];
    try {
      const started = await Promise.allSettled([0, 1, 2, 3].map(() => startLedger({ databaseUrl: url, ...quiet })));
      for (const s of started) if (s.status === 'fulfilled') ledgers.push(s.value);
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      const db = ledgers[0].db;
      const versions = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await db.query('SELECT id, settings_epoch FROM ledger_state')).toEqual([{ id: 1, settings_epoch: 1 }]);
      // All four serve the same books: a terminal enrolled through one is known to the others.
      const enrolled = await apiFor(ledgers[1].url)('POST', '/v1/terminals', { merchantId: 9, currency: CURRENCY, perPaymentLimit: 1, offlineTotalLimit: 1, maxOfflineAge: 1 });
      expect(enrolled.status).toBe(201);
      for (const l of ledgers) expect((await apiFor(l.url)('GET', `/v1/terminals/${enrolled.json.terminalId}`)).json.merchantId).toBe(9);
    } finally {
      await Promise.all(ledgers.map((l) => l.close()));
    }
  });
});

