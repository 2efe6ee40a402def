import { randomBytes } from 'node:crypto';
import type { Database } from './db';
import type { VerifyPool } from './verify-pool';
import { Ingest, loadTerminal, cursorView, type BatchResult, type CursorView } from './ingest';
import { checkCertificates, storeCertificates } from './certificates';
import { enrolmentMessage, settingsMessage } from './messages';
import { Problem } from './problem';
import { toBase64, decodeBase64, sameBytes } from './codec';
import { GENESIS_TAG } from '../protocol/auth';

// The reference ledger's operations, independent of HTTP. Every write commits before it
// returns. Times are unix seconds from `clock`.
export interface Limits {
  currency: number;
  perPaymentLimit: number;
  offlineTotalLimit: number;
  maxOfflineAge: number;
}

export interface EnrolInput extends Limits {
  terminalId?: number;
  merchantId: number;
  label?: string;
}

interface TerminalFull {
  terminal_id: number;
  merchant_id: number;
  label: string | null;
  auth_key: Uint8Array;
  currency: number;
  per_payment_limit: number;
  offline_total_limit: number;
  max_offline_age: number;
  last_seq: number;
  last_tag: Uint8Array;
}

export class LedgerService {
  readonly ingest: Ingest;

  constructor(readonly db: Database, readonly pool: VerifyPool, readonly clock: () => number) {
    this.ingest = new Ingest(db, pool);
  }

  async health() {
    await this.db.query('SELECT 1');
    return { status: 'ok' as const, storage: this.db.kind, time: this.clock(), version: '1', workers: this.pool.size };
  }

  async enrol(input: EnrolInput) {
    const authKey = new Uint8Array(randomBytes(32));
    const terminalId = await this.db.transaction(async (tx) => {
      let id = input.terminalId;
      if (id === undefined) {
        const rows = await tx.query<{ id: number }>('SELECT COALESCE(max(terminal_id), 0) + 1 AS id FROM terminals');
        id = rows[0].id;
        if (id > 0xffffffff) throw new Problem(409, 'terminal_exists', 'no free terminal id above the highest one; give terminalId');
      }
      const inserted = await tx.query(
        `INSERT INTO terminals (terminal_id, merchant_id, label, auth_key, currency, per_payment_limit, offline_total_limit, max_offline_age, last_seq, last_tag, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10) ON CONFLICT (terminal_id) DO NOTHING RETURNING terminal_id`,
        [id, input.merchantId, input.label ?? null, authKey, input.currency, input.perPaymentLimit, input.offlineTotalLimit, input.maxOfflineAge, GENESIS_TAG, this.clock()]);
      if (inserted.length === 0) throw new Problem(409, 'terminal_exists', `terminal ${id} is already enrolled`);
      return id;
    });
    return {
      terminalId,
      merchantId: input.merchantId,
      authKey: toBase64(authKey),
      enrolment: toBase64(enrolmentMessage(terminalId, input.merchantId, authKey)),
    };
  }

  async terminal(terminalId: number) {
    const t = await this.terminalRow(terminalId);
    return {
      terminalId: t.terminal_id, merchantId: t.merchant_id, label: t.label ?? undefined, currency: t.currency,
      perPaymentLimit: t.per_payment_limit, offlineTotalLimit: t.offline_total_limit, maxOfflineAge: t.max_offline_age,
      cursor: cursorView(t),
    };
  }

  async setLimits(terminalId: number, l: Limits) {
    await this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE terminals SET currency = $2, per_payment_limit = $3, offline_total_limit = $4, max_offline_age = $5
         WHERE terminal_id = $1 RETURNING terminal_id`, [terminalId, l.currency, l.perPaymentLimit, l.offlineTotalLimit, l.maxOfflineAge]);
      if (rows.length === 0) throw new Problem(404, 'unknown_terminal', `terminal ${terminalId} is not enrolled`);
      await bumpSettings(tx);
    });
    return this.terminal(terminalId);
  }

  async cursor(terminalId: number): Promise<CursorView> {
    return cursorView(await loadTerminal(this.db, terminalId));
  }

  async settings(terminalId: number) {
    const t = await this.terminalRow(terminalId);
    const [state] = await this.db.query<{ settings_epoch: number }>('SELECT settings_epoch FROM ledger_state WHERE id = 1');
    const keys = await this.db.query<{ key_id: number; public_key: Uint8Array; not_after: number }>('SELECT key_id, public_key, not_after FROM issuer_keys');
    const deny = await this.db.query<{ wallet_id: number; revoked_at: number }>('SELECT wallet_id, revoked_at FROM revocations');
    const time = this.clock();
    const version = state.settings_epoch;
    const bytes = settingsMessage(t.auth_key, {
      terminalId, version, time, perPaymentLimit: t.per_payment_limit, offlineTotalLimit: t.offline_total_limit,
      maxOfflineAge: t.max_offline_age, currency: t.currency,
      issuerKeys: keys.map((k) => ({ keyId: k.key_id, publicKey: k.public_key, notAfter: k.not_after })),
      denyList: deny.map((d) => ({ walletId: d.wallet_id, revokedAt: d.revoked_at })),
    });
    return { terminalId, version, time, settings: toBase64(bytes) };
  }

  async putIssuerKey(keyId: number, publicKeyB64: string, notAfter: number) {
    const publicKey = decodeBase64(publicKeyB64, 'publicKey');
    if (publicKey.length !== 32) throw new Problem(400, 'invalid_request', 'publicKey must be 32 bytes');
    await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ public_key: Uint8Array; not_after: number }>('SELECT public_key, not_after FROM issuer_keys WHERE key_id = $1 FOR UPDATE', [keyId]);
      if (rows.length && !sameBytes(rows[0].public_key, publicKey)) {
        throw new Problem(409, 'issuer_key_mismatch', `issuer key ${keyId} is registered with a different public key`);
      }
      if (rows.length && rows[0].not_after === notAfter) return;
      await tx.query(
        `INSERT INTO issuer_keys (key_id, public_key, not_after, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key_id) DO UPDATE SET not_after = excluded.not_after`, [keyId, publicKey, notAfter, this.clock()]);
      await bumpSettings(tx);
    });
    return { keyId, publicKey: publicKeyB64, notAfter };
  }

  async issuerKeys() {
    const rows = await this.db.query<{ key_id: number; public_key: Uint8Array; not_after: number }>('SELECT key_id, public_key, not_after FROM issuer_keys ORDER BY key_id');
    return { issuerKeys: rows.map((r) => ({ keyId: r.key_id, publicKey: toBase64(r.public_key), notAfter: r.not_after })) };
  }

  async registerCertificates(b64: string[]) {
    const certs = await checkCertificates(this.db, this.pool, b64.map((c, i) => decodeBase64(c, `certificates[${i}]`)));
    await this.db.transaction((tx) => storeCertificates(tx, certs));
    return { certificates: certs.map((c) => ({ hash: toBase64(c.hash), walletId: c.walletId, issuerKeyId: c.issuerKeyId })) };
  }

  async revoke(walletId: number, reason?: string) {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ wallet_id: number; revoked_at: number; reason: string | null }>(
        'INSERT INTO revocations (wallet_id, revoked_at, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING *', [walletId, this.clock(), reason ?? null]);
      if (inserted.length) await bumpSettings(tx);
      const [r] = inserted.length ? inserted : await tx.query<{ wallet_id: number; revoked_at: number; reason: string | null }>(
        'SELECT * FROM revocations WHERE wallet_id = $1', [walletId]);
      return { walletId: r.wallet_id, revokedAt: r.revoked_at, reason: r.reason };
    });
  }

  async revocations() {
    const rows = await this.db.query<{ wallet_id: number; revoked_at: number; reason: string | null }>('SELECT * FROM revocations ORDER BY revoked_at DESC, wallet_id');
    return { revocations: rows.map((r) => ({ walletId: r.wallet_id, revokedAt: r.revoked_at, reason: r.reason })) };
  }

  upload(terminalId: number, idempotencyKey: string, records: string[], certificates: string[]): Promise<BatchResult> {
    return this.ingest.upload({
      terminalId,
      idempotencyKey,
      records: records.map((r, i) => decodeBase64(r, `records[${i}]`)),
      certificates: certificates.map((c, i) => decodeBase64(c, `certificates[${i}]`)),
      now: this.clock(),
    });
  }

  async records(terminalId: number, after: number, limit: number) {
    await this.terminalRow(terminalId);
    const rows = await this.db.query<{ seq: number; status: string; code: string | null; amount: number; currency: number; wallet_id: number; wallet_counter: number; time: number; bytes: Uint8Array }>(
      'SELECT seq, status, code, amount, currency, wallet_id, wallet_counter, time, bytes FROM records WHERE terminal_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [terminalId, after, limit]);
    return {
      records: rows.map((r) => ({ seq: r.seq, status: r.status, code: r.code, amount: r.amount, currency: r.currency, walletId: r.wallet_id,
        walletCounter: r.wallet_counter, time: r.time, record: toBase64(r.bytes) })),
      next: rows.length === limit ? rows[rows.length - 1].seq : null,
    };
  }

  async settlement(merchantId: number) {
    const rows = await this.db.query<{ currency: number; accepted_count: number; accepted_amount: number; rejected_count: number }>(
      'SELECT currency, accepted_count, accepted_amount, rejected_count FROM settlement_totals WHERE merchant_id = $1 ORDER BY currency', [merchantId]);
    return {
      merchantId,
      totals: rows.filter((r) => r.accepted_count > 0).map((r) => ({ currency: r.currency, count: r.accepted_count, amount: r.accepted_amount })),
      quarantined: rows.reduce((n, r) => n + r.rejected_count, 0),
    };
  }

  async conflicts(filter: { terminalId?: number; kind?: string; after: number; limit: number }) {
    const rows = await this.db.query<{ id: number; kind: string; terminal_id: number; seq: number; other_terminal_id: number | null; other_seq: number | null; wallet_id: number | null; wallet_counter: number | null; detected_at: number; detail: string }>(
      `SELECT id, kind, terminal_id, seq, other_terminal_id, other_seq, wallet_id, wallet_counter, detected_at, detail FROM conflicts
       WHERE id > $1 AND ($2::bigint IS NULL OR terminal_id = $2) AND ($3::text IS NULL OR kind = $3) ORDER BY id LIMIT $4`,
      [filter.after, filter.terminalId ?? null, filter.kind ?? null, filter.limit]);
    return {
      conflicts: rows.map((r) => ({ id: r.id, kind: r.kind, terminalId: r.terminal_id, seq: r.seq, otherTerminalId: r.other_terminal_id,
        otherSeq: r.other_seq, walletId: r.wallet_id, walletCounter: r.wallet_counter, detectedAt: r.detected_at, detail: r.detail })),
    };
  }

  private async terminalRow(terminalId: number): Promise<TerminalFull> {
    const rows = await this.db.query<TerminalFull>('SELECT * FROM terminals WHERE terminal_id = $1', [terminalId]);
    if (rows.length === 0) throw new Problem(404, 'unknown_terminal', `terminal ${terminalId} is not enrolled`);
    return rows[0];
  }
}

async function bumpSettings(tx: { query: Database['query'] }): Promise<void> {
  await tx.query('UPDATE ledger_state SET settings_epoch = settings_epoch + 1 WHERE id = 1');
}
