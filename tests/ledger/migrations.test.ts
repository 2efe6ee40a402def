import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Queryable } from '../../ledger/db';
import { MIGRATIONS } from '../../ledger/migrations';
import { startLedger, type RunningLedger } from '../../ledger/index';
import { storeCertificates } from '../../ledger/certificates';
import { ledgerCrypto } from '../../ledger/messages';
import { apiFor, b64, CURRENCY, T0, type Api } from '../../ledger/testing/world';
import { JournalWriter, fastSigningCrypto } from '../../ledger/testing/journal-writer';
import { createIssuer } from '../../protocol/kit/issuer';
import { createWallet, type Wallet } from '../../protocol/kit/wallet';
import { decodeRecord } from '../../protocol/messages/record';
import { GENESIS_TAG } from '../../protocol/auth';
import { seededRandom } from '../../protocol/crypto/host';

// Upgrading a ledger that already holds settled sales: a PGlite directory at schema
// version 3 (before wallet_heads), written the way that version stored batches, then
// opened by the current ledger. Migration 4 must backfill each wallet's head from the
// records so that counter rollbacks stay detected across the upgrade.
const NOW = T0 + 86_400 * 30;
const crypto = { ...fastSigningCrypto(), random: seededRandom('migrations') };
const issuer = createIssuer(crypto, 7);
const wallet = (walletId: number): Wallet => createWallet(crypto, (walletKey) => issuer.issue({
  walletId, walletKey, perPaymentLimit: 50_000, currency: CURRENCY, notBefore: T0 - 86_400, expiry: T0 + 86_400 * 365,
}));
const [A, B, C] = [wallet(201), wallet(202), wallet(203)];

interface Stored { writer: JournalWriter; record: Uint8Array; walletId: number; status: 'accepted' | 'rejected'; code?: string; receivedAt: number }

// What a version-3 ledger wrote for a batch: the records, the settlement totals and the
// terminal's chain head (it had no wallet_heads).
async function storeAsVersion3(db: Queryable, rows: Stored[]): Promise<void> {
  for (const r of rows) {
    const rec = decodeRecord(r.record);
    await db.query(
      `INSERT INTO records (terminal_id, seq, merchant_id, status, code, time, amount, currency, wallet_id, wallet_counter, bytes, received_at, challenge)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [r.writer.terminalId, rec.seq, r.writer.merchantId, r.status, r.code ?? null, rec.time, rec.amount, rec.currency, r.walletId,
        rec.walletCounter, r.record, r.receivedAt, rec.challenge]);
    await db.query(
      `INSERT INTO settlement_totals (merchant_id, currency, accepted_count, accepted_amount, rejected_count) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id, currency) DO UPDATE SET accepted_count = settlement_totals.accepted_count + excluded.accepted_count,
         accepted_amount = settlement_totals.accepted_amount + excluded.accepted_amount, rejected_count = settlement_totals.rejected_count + excluded.rejected_count`,
      [r.writer.merchantId, rec.currency, r.status === 'accepted' ? 1 : 0, r.status === 'accepted' ? rec.amount : 0, r.status === 'rejected' ? 1 : 0]);
    await db.query('UPDATE terminals SET last_seq = $2, last_tag = $3 WHERE terminal_id = $1', [r.writer.terminalId, rec.seq, rec.tag]);
  }
}

describe('upgrading a version-3 ledger with settled sales (migration 4: wallet heads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerb-migrate-'));
  const t1 = new JournalWriter(1, 11, new Uint8Array(32).fill(1), CURRENCY);
  const t2 = new JournalWriter(2, 12, new Uint8Array(32).fill(2), CURRENCY);
  let ledger: RunningLedger;
  let api: Api;

  beforeAll(async () => {
    const old = await openDatabase({ dataDir: dir }, MIGRATIONS.slice(0, 3));
    await old.transaction(async (tx) => {
      await tx.query('INSERT INTO issuer_keys (key_id, public_key, not_after, created_at) VALUES (7, $1, $2, $3)', [issuer.publicKey, T0 + 86_400 * 400, T0]);
      await storeCertificates(tx, [A, B, C].map((w) => ({
        hash: ledgerCrypto.sha256(w.certificate.bytes), walletId: w.certificate.walletId, issuerKeyId: 7, walletKey: w.certificate.walletKey,
        perPaymentLimit: w.certificate.perPaymentLimit, currency: CURRENCY, notBefore: w.certificate.notBefore, expiry: w.certificate.expiry,
        bytes: w.certificate.bytes,
      })));
      for (const t of [t1, t2]) {
        await tx.query(
          `INSERT INTO terminals (terminal_id, merchant_id, auth_key, currency, per_payment_limit, offline_total_limit, max_offline_age, last_seq, last_tag, created_at)
           VALUES ($1, $2, $3, $4, 50000, 500000, 259200, 0, $5, $6)`, [t.terminalId, t.merchantId, t.key, CURRENCY, GENESIS_TAG, T0]);
      }
      // Wallet A: counter 9 reached the ledger at T0+100, counter 5 (another terminal's
      // late sync) only at T0+500, and counter 12 was quarantined. Its head is 9 as of
      // T0+100: the highest settled counter and when that one arrived.
      await storeAsVersion3(tx, [
        { writer: t1, record: t1.sale(A, 900, T0 + 90, { counter: 9 }), walletId: 201, status: 'accepted', receivedAt: T0 + 100 },
        { writer: t1, record: t1.sale(B, 300, T0 + 95, { counter: 3 }), walletId: 202, status: 'accepted', receivedAt: T0 + 100 },
        { writer: t2, record: t2.sale(A, 500, T0 + 20, { counter: 5 }), walletId: 201, status: 'accepted', receivedAt: T0 + 500 },
        { writer: t2, record: t2.sale(A, 1200, T0 + 30, { counter: 12 }), walletId: 201, status: 'rejected', code: 'over_offline_limit', receivedAt: T0 + 500 },
        { writer: t2, record: t2.sale(C, 50, T0 + 40, { counter: 1 }), walletId: 203, status: 'rejected', code: 'wallet_denied', receivedAt: T0 + 500 },
      ]);
    });
    const version = await old.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
    expect(version[0].v).toBe(3);
    await old.close();
    ledger = await startLedger({ dataDir: dir, workers: 1, clock: () => NOW, log: () => {} });
    api = apiFor(ledger.url);
  });
  afterAll(async () => {
    await ledger?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies migration 4 and backfills each wallet with its highest settled counter and when it arrived', async () => {
    const versions = await ledger.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const heads = await ledger.db.query('SELECT wallet_id, max_counter, received_at FROM wallet_heads ORDER BY wallet_id');
    expect(heads).toEqual([
      { wallet_id: 201, max_counter: 9, received_at: T0 + 100 },
      { wallet_id: 202, max_counter: 3, received_at: T0 + 100 },
    ]);
    const s = await api('GET', '/v1/merchants/12/settlement');
    expect(s.json).toEqual({ merchantId: 12, totals: [{ currency: CURRENCY, count: 1, amount: 500 }], quarantined: 2 });
  });

  it('still tells a counter rollback from a late sync after the upgrade, and raises the head', async () => {
    const upload = (t: JournalWriter, records: Uint8Array[], key: string) =>
      api('POST', `/v1/terminals/${t.terminalId}/batches`, { records: records.map(b64) }, { 'idempotency-key': key });
    // Counter 6 stamped before counter 9 reached the ledger: a stale clock, no evidence.
    const late = await upload(t1, [t1.sale(A, 10, T0 + 60, { counter: 6 })], 'up-1');
    expect(late.status).toBe(200);
    expect(late.json.accepted).toEqual([3]);
    // Counter 4 stamped after counter 9 arrived: the wallet's counter went back.
    const rollback = await upload(t1, [t1.sale(A, 10, T0 + 86_400 * 2, { counter: 4 })], 'up-2');
    expect(rollback.json.accepted).toEqual([4]);
    // Counter 12 was only quarantined, so it is no double spend; it becomes the head.
    const higher = await upload(t2, [t2.sale(A, 10, T0 + 86_400 * 3, { counter: 12 })], 'up-3');
    expect(higher.json.accepted).toEqual([4]);
    const conflicts = (await api('GET', '/v1/conflicts?limit=100')).json.conflicts as { kind: string; terminalId: number; seq: number; walletId: number; walletCounter: number }[];
    expect(conflicts.map((c) => [c.kind, c.terminalId, c.seq, c.walletId, c.walletCounter])).toEqual([['counter_rollback', 1, 4, 201, 4]]);
    expect(await ledger.db.query('SELECT max_counter, received_at FROM wallet_heads WHERE wallet_id = 201')).toEqual([{ max_counter: 12, received_at: NOW }]);
    // Below the new head and stamped after it arrived: a rollback again.
    const again = await upload(t1, [t1.sale(A, 10, NOW + 60, { counter: 11 })], 'up-4');
    expect(again.json.accepted).toEqual([5]);
    const kinds = (await api('GET', '/v1/conflicts?limit=100')).json.conflicts.map((c: { kind: string; walletCounter: number }) => `${c.kind}:${c.walletCounter}`);
    expect(kinds).toEqual(['counter_rollback:4', 'counter_rollback:11']);
  });
});
