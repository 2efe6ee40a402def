import { createHash } from 'node:crypto';
import { decodeRecord, TAG_BYTES, type JournalRecord } from '../protocol/messages/record';
import { paymentSigningInput } from '../protocol/messages/payment';
import { ProtocolError } from '../protocol/errors';
import type { Database, Queryable } from './db';
import type { VerifyPool } from './verify-pool';
import { checkCertificates, storeCertificates, loadCertificates, hashHex, type KnownCertificate } from './certificates';
import { checkPayment, type Verdict } from './checks';
import { Problem } from './problem';
import { recordTagFast, ackMessage } from './messages';
import { sameBytes, toBase64 } from './codec';

// Batch ingest (SPEC.md §6.2, §9): replays the terminal's MAC chain from the last record
// the ledger holds, re-checks every payment, and stores the batch in one transaction.
export interface BatchInput {
  terminalId: number;
  idempotencyKey: string;
  records: Uint8Array[];
  certificates: Uint8Array[];
  now: number;
}

export interface RetryItem { seq: number; code: 'unknown_certificate' | 'chain_gap' | 'not_authentic' }
export interface RejectedItem { seq: number; code: string; detail: string }

export interface CursorView {
  terminalId: number;
  lastSeq: number;
  lastTag: string;
  ack: string | null;
}

export interface BatchResult {
  terminalId: number;
  accepted: number[];
  rejected: RejectedItem[];
  retry: RetryItem[];
  cursor: CursorView;
  ack: string | null;
}

interface TerminalRow {
  terminal_id: number;
  merchant_id: number;
  auth_key: Uint8Array;
  currency: number;
  last_seq: number;
  last_tag: Uint8Array;
}

interface Incoming {
  bytes: Uint8Array;
  rec: JournalRecord;
  body: Uint8Array;
}

// A record that will be stored: status decided in JS, then possibly turned into a
// conflict by the uniqueness checks inside the transaction.
interface Fresh {
  in: Incoming;
  cert: KnownCertificate;
  verdict: Verdict | null;
}

interface ConflictRow {
  kind: string;
  terminalId: number;
  seq: number;
  otherTerminalId: number | null;
  otherSeq: number | null;
  walletId: number | null;
  walletCounter: number | null;
  detail: string;
  evidence: Uint8Array | null;
}

const UNIQUE_VIOLATION = '23505';
// On a shared PostgreSQL server a batch can still meet another terminal's transaction in
// a lock cycle (two double spends of one wallet pair in opposite orders); the server
// aborts one of them, which is then planned again like a batch that lost the row lock.
const DEADLOCK_DETECTED = '40P01';

const REJECT_DETAIL: Record<string, string> = {
  double_spend: 'the wallet counter was already used',
  challenge_replay: 'the challenge was already answered at this terminal',
  chain_fork: 'an authentic record with this seq and different bytes is already stored',
};

export class Ingest {
  private locks = new Map<number, Promise<unknown>>();

  constructor(private db: Database, private pool: VerifyPool) {}

  // Serialises batches per terminal inside this process; the row lock in the
  // transaction does the same across processes sharing one PostgreSQL server.
  upload(input: BatchInput): Promise<BatchResult> {
    const prev = this.locks.get(input.terminalId) ?? Promise.resolve();
    const run = prev.catch(() => {}).then(() => this.uploadLocked(input));
    const tail = run.catch(() => {});
    this.locks.set(input.terminalId, tail);
    void tail.then(() => {
      if (this.locks.get(input.terminalId) === tail) this.locks.delete(input.terminalId);
    });
    return run;
  }

  private async uploadLocked(input: BatchInput): Promise<BatchResult> {
    const incoming = decodeAll(input.records);
    const uploadedCerts = await checkCertificates(this.db, this.pool, input.certificates);
    const bodyHash = batchHash(input.records, input.certificates);
    let careful = false;
    for (let attempt = 0; ; attempt++) {
      const terminal = await loadTerminal(this.db, input.terminalId);
      const keyRows = await this.db.query<{ body_hash: Uint8Array }>(
        'SELECT body_hash FROM idempotency_keys WHERE terminal_id = $1 AND key = $2', [input.terminalId, input.idempotencyKey]);
      if (keyRows.length && !sameBytes(keyRows[0].body_hash, bodyHash)) {
        throw new Problem(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different batch');
      }
      const plan = await this.plan(terminal, incoming, uploadedCerts);
      const authentic = plan.accepted.length + plan.rejected.length + plan.chained + plan.forks.length;
      if (authentic === 0) {
        const notAuthentic = plan.retry.some((r) => r.code === 'not_authentic');
        throw new Problem(notAuthentic ? 422 : 409, notAuthentic ? 'not_authentic' : 'chain_gap',
          notAuthentic ? 'no record of this batch is an authentic record of this terminal'
            : `no record of this batch chains to the last record the ledger holds (seq ${terminal.last_seq})`,
          { cursor: cursorView(terminal), retry: plan.retry });
      }
      const known = await this.certificates(uploadedCerts.map((c) => c.hash));
      const newCerts = uploadedCerts.filter((c) => !known.has(hashHex(c.hash)));
      const writes = plan.fresh.length + plan.forks.length > 0 || newCerts.length > 0;
      if (!writes) return this.result(terminal, plan.accepted, plan.rejected, plan.retry);
      // First as if no challenge or wallet counter repeats (the honest case): the partial
      // unique indexes catch any that does, and the batch is written again carefully,
      // checking each one and recording the conflicts.
      let done: Awaited<ReturnType<Ingest['write']>> | null = null;
      for (;;) {
        try {
          done = await this.db.transaction(async (tx) => {
            const locked = await tx.query<{ last_seq: number; last_tag: Uint8Array }>(
              'SELECT last_seq, last_tag FROM terminals WHERE terminal_id = $1 FOR UPDATE', [terminal.terminal_id]);
            if (locked[0].last_seq !== terminal.last_seq || !sameBytes(locked[0].last_tag, terminal.last_tag)) return null;
            await storeCertificates(tx, newCerts);
            const outcome = await this.write(tx, terminal, plan, input.now, careful);
            await tx.query(
              'INSERT INTO idempotency_keys (terminal_id, key, body_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
              [terminal.terminal_id, input.idempotencyKey, bodyHash, input.now]);
            return outcome;
          });
          break;
        } catch (e) {
          const code = (e as { code?: string })?.code;
          if (code === DEADLOCK_DETECTED) break;
          if (code !== UNIQUE_VIOLATION) throw e;
          if (careful) break; // a concurrent writer settled the same counter first: plan again
          careful = true;
        }
      }
      if (done === null) {
        if (attempt >= 3) throw new Problem(503, 'unavailable', 'the terminal is being updated concurrently; retry');
        continue;
      }
      return this.result(done.terminal, [...plan.accepted, ...done.accepted], [...plan.rejected, ...done.rejected], plan.retry);
    }
  }

  // Stored certificates never change, so they are cached once read.
  private certCache = new Map<string, KnownCertificate>();

  private async certificates(hashes: Uint8Array[]): Promise<Map<string, KnownCertificate>> {
    const out = new Map<string, KnownCertificate>();
    const missing: Uint8Array[] = [];
    for (const h of hashes) {
      const k = hashHex(h);
      const c = this.certCache.get(k);
      if (c) out.set(k, c);
      else missing.push(h);
    }
    if (missing.length === 0) return out;
    if (this.certCache.size > 200_000) this.certCache.clear();
    for (const [k, c] of await loadCertificates(this.db, missing)) {
      this.certCache.set(k, c);
      out.set(k, c);
    }
    return out;
  }

  private result(t: TerminalRow, accepted: number[], rejected: RejectedItem[], retry: RetryItem[]): BatchResult {
    const cursor = cursorView(t);
    return {
      terminalId: t.terminal_id,
      accepted: accepted.sort((a, b) => a - b),
      rejected: rejected.sort((a, b) => a.seq - b.seq),
      retry,
      cursor,
      ack: cursor.ack,
    };
  }

  // Everything that can be decided before the transaction: idempotent repeats, the MAC
  // chain, certificates and signatures.
  private async plan(t: TerminalRow, incoming: Incoming[], uploaded: KnownCertificate[]) {
    const accepted: number[] = [];
    const rejected: RejectedItem[] = [];
    const retry: RetryItem[] = [];
    const forks: { in: Incoming }[] = [];
    const key = t.auth_key;
    const old = incoming.filter((r) => r.rec.seq <= t.last_seq);
    const stored = await storedRecords(this.db, t.terminal_id, old.map((r) => r.rec.seq));
    for (const r of old) {
      const s = stored.get(r.rec.seq);
      if (s && sameBytes(s.bytes, r.bytes)) {
        if (s.status === 'accepted') accepted.push(r.rec.seq);
        else rejected.push({ seq: r.rec.seq, code: s.code ?? 'rejected', detail: REJECT_DETAIL[s.code ?? ''] ?? 'quarantined' });
        continue;
      }
      const prevTag = await tagBefore(this.db, t.terminal_id, r.rec.seq);
      if (sameBytes(recordTagFast(key, t.terminal_id, t.merchant_id, prevTag, r.body), r.rec.tag)) {
        // Reported once: the same fork uploaded again is a no-op like any repeat.
        const seen = await this.db.query(
          `SELECT 1 FROM conflicts WHERE terminal_id = $1 AND seq = $2 AND kind = 'chain_fork' AND evidence = $3`, [t.terminal_id, r.rec.seq, r.bytes]);
        if (seen.length) rejected.push({ seq: r.rec.seq, code: 'chain_fork', detail: REJECT_DETAIL.chain_fork });
        else forks.push({ in: r });
      } else retry.push({ seq: r.rec.seq, code: 'not_authentic' });
    }
    // New records: each must chain to the previous one.
    const chained: Incoming[] = [];
    let tag = t.last_tag;
    let lastSeq = t.last_seq;
    let broken = false;
    for (const r of incoming) {
      if (r.rec.seq <= t.last_seq) continue;
      if (!broken && sameBytes(recordTagFast(key, t.terminal_id, t.merchant_id, tag, r.body), r.rec.tag)) {
        chained.push(r);
        tag = r.rec.tag;
        lastSeq = r.rec.seq;
        continue;
      }
      // seq right after the chain's head cannot have a missing predecessor.
      retry.push({ seq: r.rec.seq, code: !broken && r.rec.seq === lastSeq + 1 ? 'not_authentic' : 'chain_gap' });
      broken = true;
    }
    // A record whose certificate is unknown cannot be checked, so neither it nor its
    // successors are stored yet.
    const certs = await this.certificates(chained.map((r) => r.rec.certHash));
    for (const c of uploaded) certs.set(hashHex(c.hash), c);
    let usable = chained.length;
    for (let i = 0; i < chained.length; i++) {
      if (!certs.has(hashHex(chained[i].rec.certHash))) {
        usable = i;
        retry.push({ seq: chained[i].rec.seq, code: 'unknown_certificate' });
        for (let j = i + 1; j < chained.length; j++) retry.push({ seq: chained[j].rec.seq, code: 'chain_gap' });
        break;
      }
    }
    const toStore = chained.slice(0, usable);
    const sigOk = await this.pool.verify(toStore.map((r) => {
      const cert = certs.get(hashHex(r.rec.certHash))!;
      return {
        publicKey: cert.walletKey,
        signature: r.rec.walletSignature,
        message: paymentSigningInput({
          terminalId: t.terminal_id, amount: r.rec.amount, currency: r.rec.currency, challenge: r.rec.challenge,
          walletCounter: r.rec.walletCounter, extensions: r.rec.extensions,
        }, r.rec.certHash),
      };
    }));
    const ctx = await checkContext(this.db, t.currency, toStore.map((r) => certs.get(hashHex(r.rec.certHash))!.walletId));
    const fresh: Fresh[] = toStore.map((r, i) => {
      const cert = certs.get(hashHex(r.rec.certHash))!;
      return { in: r, cert, verdict: checkPayment(r.rec, cert, sigOk[i], ctx) };
    });
    retry.sort((a, b) => a.seq - b.seq);
    return { accepted, rejected, retry, fresh, forks, chained: chained.length };
  }

  // Inside the transaction. `careful`: a challenge answered twice at this terminal and a
  // wallet counter used twice anywhere are looked up among the settled (accepted)
  // records; otherwise their partial unique indexes stop any repeat (and a concurrent
  // writer on a shared PostgreSQL) by aborting the transaction. Counter rollbacks are
  // flagged; then the rows themselves, the settlement totals and the new chain head.
  private async write(tx: Queryable, t: TerminalRow, plan: { fresh: Fresh[]; forks: { in: Incoming }[] }, now: number, careful: boolean) {
    const conflicts: ConflictRow[] = [];
    const status = new Map<number, Verdict | null>(plan.fresh.map((f) => [f.in.rec.seq, f.verdict]));
    const tid = t.terminal_id;
    const fresh = plan.fresh;
    const candidates = () => fresh.filter((f) => status.get(f.in.rec.seq) === null);

    let valid = careful ? candidates() : [];
    if (valid.length) {
      const earlier = await tx.query<{ seq: number; challenge: Uint8Array }>(
        `SELECT seq, challenge FROM records WHERE terminal_id = $1 AND status = 'accepted'
         AND challenge IN (SELECT decode(c, 'hex') FROM unnest(string_to_array($2, ',')) AS u(c))`,
        [tid, hexList(valid.map((f) => f.in.rec.challenge))]);
      const first = new Map(earlier.map((r) => [hashHex(r.challenge), r.seq]));
      for (const f of valid) {
        const k = hashHex(f.in.rec.challenge);
        const other = first.get(k);
        if (other === undefined) {
          first.set(k, f.in.rec.seq);
          continue;
        }
        const detail = `challenge already answered in seq ${other}`;
        status.set(f.in.rec.seq, { code: 'challenge_replay', detail });
        conflicts.push({ kind: 'challenge_replay', terminalId: tid, seq: f.in.rec.seq, otherTerminalId: tid, otherSeq: other,
          walletId: f.cert.walletId, walletCounter: f.in.rec.walletCounter, detail, evidence: null });
      }
    }

    valid = careful ? candidates() : [];
    if (valid.length) {
      const used = await tx.query<{ wallet_id: number; wallet_counter: number; terminal_id: number; seq: number }>(
        `SELECT r.wallet_id, r.wallet_counter, r.terminal_id, r.seq FROM records r
         JOIN unnest($1::bigint[], $2::bigint[]) AS q(w, c) ON r.wallet_id = q.w AND r.wallet_counter = q.c
         WHERE r.status = 'accepted'`,
        [valid.map((f) => f.cert.walletId), valid.map((f) => f.in.rec.walletCounter)]);
      const first = new Map(used.map((r) => [`${r.wallet_id}:${r.wallet_counter}`, { terminalId: r.terminal_id, seq: r.seq }]));
      for (const f of valid) {
        const k = `${f.cert.walletId}:${f.in.rec.walletCounter}`;
        const o = first.get(k);
        if (o === undefined) {
          first.set(k, { terminalId: tid, seq: f.in.rec.seq });
          continue;
        }
        const detail = `wallet ${f.cert.walletId} counter ${f.in.rec.walletCounter} already used at terminal ${o.terminalId} seq ${o.seq}`;
        status.set(f.in.rec.seq, { code: 'double_spend', detail });
        conflicts.push({ kind: 'double_spend', terminalId: tid, seq: f.in.rec.seq, otherTerminalId: o.terminalId, otherSeq: o.seq,
          walletId: f.cert.walletId, walletCounter: f.in.rec.walletCounter, detail, evidence: null });
      }
    }
    await this.rollbacks(tx, tid, candidates(), conflicts, now);

    for (const f of plan.forks) {
      conflicts.push({ kind: 'chain_fork', terminalId: tid, seq: f.in.rec.seq, otherTerminalId: tid, otherSeq: f.in.rec.seq, walletId: null,
        walletCounter: f.in.rec.walletCounter, detail: 'the terminal authenticated two different records with one seq', evidence: f.in.bytes });
    }

    const accepted: number[] = [];
    const rejected: RejectedItem[] = [];
    if (fresh.length) {
      for (const f of fresh) {
        const v = status.get(f.in.rec.seq) ?? null;
        if (v) rejected.push({ seq: f.in.rec.seq, code: v.code, detail: v.detail });
        else accepted.push(f.in.rec.seq);
      }
      await tx.query(
        `INSERT INTO records (terminal_id, seq, merchant_id, status, code, time, amount, currency, wallet_id, wallet_counter, challenge, bytes, received_at)
         SELECT $1, s, $2, st, cd, tm, am, cu, w, wc, substring(b from 21 for 16), b, $4
         FROM unnest(string_to_array($3, ','), $5::bigint[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::int[], $11::bigint[], $12::bigint[])
           AS u(h, s, st, cd, tm, am, cu, w, wc), LATERAL decode(h, 'hex') AS b`,
        [tid, t.merchant_id, hexList(fresh.map((f) => f.in.bytes)), now,
          fresh.map((f) => f.in.rec.seq), fresh.map((f) => (status.get(f.in.rec.seq) ? 'rejected' : 'accepted')),
          fresh.map((f) => status.get(f.in.rec.seq)?.code ?? null), fresh.map((f) => f.in.rec.time), fresh.map((f) => f.in.rec.amount),
          fresh.map((f) => f.in.rec.currency), fresh.map((f) => f.cert.walletId), fresh.map((f) => f.in.rec.walletCounter)]);
      await addToSettlement(tx, t.merchant_id, fresh.map((f) => ({ currency: f.in.rec.currency, amount: f.in.rec.amount, accepted: !status.get(f.in.rec.seq) })));
      const head = fresh[fresh.length - 1].in.rec;
      await tx.query('UPDATE terminals SET last_seq = $2, last_tag = $3 WHERE terminal_id = $1', [tid, head.seq, head.tag]);
      t = { ...t, last_seq: head.seq, last_tag: head.tag.slice() };
    }
    for (const f of plan.forks) rejected.push({ seq: f.in.rec.seq, code: 'chain_fork', detail: REJECT_DETAIL.chain_fork });
    if (conflicts.length) {
      await tx.query(
        `INSERT INTO conflicts (kind, terminal_id, seq, other_terminal_id, other_seq, wallet_id, wallet_counter, detected_at, detail, evidence)
         SELECT k, $1, s, ot, os, w, wc, $2, d, e FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::bytea[])
           AS u(k, s, ot, os, w, wc, d, e)`,
        [tid, now, conflicts.map((c) => c.kind), conflicts.map((c) => c.seq), conflicts.map((c) => c.otherTerminalId), conflicts.map((c) => c.otherSeq),
          conflicts.map((c) => c.walletId), conflicts.map((c) => c.walletCounter), conflicts.map((c) => c.detail), conflicts.map((c) => c.evidence)]);
    }
    return { terminal: t, accepted, rejected };
  }

  // A wallet counter lower than one already settled, on a sale provably made after that
  // one: the counter went backwards. Terminal clocks are lower bounds (SPEC §8.2), so
  // record times from different terminals do not order sales; but a sale cannot be made
  // after it reached the ledger, so a lower counter stamped later than the higher
  // counter's arrival here is evidence. The sale itself is unique, so it settles; the
  // conflict is reported for review.
  private async rollbacks(tx: Queryable, tid: number, valid: Fresh[], conflicts: ConflictRow[], now: number): Promise<void> {
    if (valid.length === 0) return;
    const wallets = [...new Set(valid.map((f) => f.cert.walletId))];
    const rows = await tx.query<{ wallet_id: number; max_counter: number; received_at: number }>(
      'SELECT wallet_id, max_counter, received_at FROM wallet_heads WHERE wallet_id = ANY($1::bigint[])', [wallets]);
    const heads = new Map(rows.map((r) => [Number(r.wallet_id), { counter: Number(r.max_counter), receivedAt: Number(r.received_at) }]));
    const raised = new Set<number>();
    for (const f of valid) {
      const w = f.cert.walletId;
      const c = f.in.rec.walletCounter;
      const h = heads.get(w);
      if (h && c < h.counter && f.in.rec.time > h.receivedAt) {
        conflicts.push({ kind: 'counter_rollback', terminalId: tid, seq: f.in.rec.seq, otherTerminalId: null, otherSeq: null,
          walletId: w, walletCounter: c, detail: `counter ${c} at time ${f.in.rec.time} is below counter ${h.counter}, which reached the ledger at ${h.receivedAt}`, evidence: null });
      }
      if (!h || c > h.counter) {
        heads.set(w, { counter: c, receivedAt: now });
        raised.add(w);
      }
    }
    if (raised.size === 0) return;
    // In wallet order: transactions of other terminals lock these rows in the same order,
    // so two batches sharing wallets cannot wait on each other in a cycle.
    const ids = [...raised].sort((a, b) => a - b);
    // Every valid record here settles, so its counter is the wallet's new head; the WHERE
    // keeps the higher one if a concurrent writer on a shared server got there first.
    await tx.query(
      `INSERT INTO wallet_heads (wallet_id, max_counter, received_at)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
       ON CONFLICT (wallet_id) DO UPDATE SET max_counter = excluded.max_counter, received_at = excluded.received_at
       WHERE excluded.max_counter > wallet_heads.max_counter`,
      [ids, ids.map((w) => heads.get(w)!.counter), ids.map(() => now)]);
  }
}

// Running totals per merchant and currency, kept in the batch's transaction: settlement
// is then one row per currency instead of a scan of the merchant's records.
async function addToSettlement(tx: Queryable, merchantId: number, rows: { currency: number; amount: number; accepted: boolean }[]): Promise<void> {
  const sums = new Map<number, { count: number; amount: number; rejected: number }>();
  for (const r of rows) {
    const s = sums.get(r.currency) ?? { count: 0, amount: 0, rejected: 0 };
    if (r.accepted) {
      s.count++;
      s.amount += r.amount;
    } else s.rejected++;
    sums.set(r.currency, s);
  }
  const cur = [...sums.keys()].sort((a, b) => a - b); // one lock order for all writers
  await tx.query(
    `INSERT INTO settlement_totals (merchant_id, currency, accepted_count, accepted_amount, rejected_count)
     SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::bigint[], $5::bigint[])
     ON CONFLICT (merchant_id, currency) DO UPDATE SET
       accepted_count = settlement_totals.accepted_count + excluded.accepted_count,
       accepted_amount = settlement_totals.accepted_amount + excluded.accepted_amount,
       rejected_count = settlement_totals.rejected_count + excluded.rejected_count`,
    [merchantId, cur, cur.map((c) => sums.get(c)!.count), cur.map((c) => sums.get(c)!.amount), cur.map((c) => sums.get(c)!.rejected)]);
}

function decodeAll(raw: Uint8Array[]): Incoming[] {
  const bySeq = new Map<number, Incoming>();
  raw.forEach((bytes, i) => {
    let rec: JournalRecord;
    try {
      rec = decodeRecord(bytes);
    } catch (e) {
      if (e instanceof ProtocolError) throw new Problem(400, 'malformed_record', `record ${i}: ${e.message}`, { index: i });
      throw e;
    }
    const seen = bySeq.get(rec.seq);
    if (seen && !sameBytes(seen.bytes, bytes)) throw new Problem(400, 'duplicate_seq', `record ${i}: seq ${rec.seq} appears twice with different bytes`, { index: i });
    bySeq.set(rec.seq, { bytes, rec, body: bytes.subarray(0, bytes.length - TAG_BYTES) });
  });
  return [...bySeq.values()].sort((a, b) => a.rec.seq - b.rec.seq);
}

// What an Idempotency-Key is bound to: the records and certificates, length-prefixed.
function batchHash(records: Uint8Array[], certificates: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  const n = Buffer.alloc(4);
  for (const list of [records, certificates]) {
    n.writeUInt32LE(list.length);
    h.update(n);
    for (const b of list) {
      n.writeUInt32LE(b.length);
      h.update(n);
      h.update(b);
    }
  }
  return new Uint8Array(h.digest());
}

export async function loadTerminal(db: Queryable, terminalId: number): Promise<TerminalRow> {
  const rows = await db.query<TerminalRow>(
    'SELECT terminal_id, merchant_id, auth_key, currency, last_seq, last_tag FROM terminals WHERE terminal_id = $1', [terminalId]);
  if (rows.length === 0) throw new Problem(404, 'unknown_terminal', `terminal ${terminalId} is not enrolled`);
  return rows[0];
}

async function storedRecords(db: Queryable, terminalId: number, seqs: number[]) {
  const out = new Map<number, { bytes: Uint8Array; status: string; code: string | null }>();
  if (seqs.length === 0) return out;
  const rows = await db.query<{ seq: number; bytes: Uint8Array; status: string; code: string | null }>(
    'SELECT seq, bytes, status, code FROM records WHERE terminal_id = $1 AND seq = ANY($2::bigint[])', [terminalId, seqs]);
  for (const r of rows) out.set(r.seq, r);
  return out;
}

// The tag a record with this seq would have to chain to: the stored record just before.
async function tagBefore(db: Queryable, terminalId: number, seq: number): Promise<Uint8Array> {
  const rows = await db.query<{ bytes: Uint8Array }>(
    'SELECT bytes FROM records WHERE terminal_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1', [terminalId, seq]);
  return rows.length ? rows[0].bytes.subarray(rows[0].bytes.length - TAG_BYTES) : new Uint8Array(TAG_BYTES);
}

async function checkContext(db: Queryable, terminalCurrency: number, walletIds: number[]) {
  const keys = await db.query<{ key_id: number; not_after: number }>('SELECT key_id, not_after FROM issuer_keys');
  const revoked = walletIds.length
    ? await db.query<{ wallet_id: number; revoked_at: number }>(
      'SELECT wallet_id, revoked_at FROM revocations WHERE wallet_id = ANY($1::bigint[])', [[...new Set(walletIds)]])
    : [];
  return {
    terminalCurrency,
    issuerNotAfter: new Map(keys.map((k) => [k.key_id, k.not_after])),
    revokedAt: new Map(revoked.map((r) => [r.wallet_id, r.revoked_at])),
  };
}

export function cursorView(t: { terminal_id: number; auth_key: Uint8Array; last_seq: number; last_tag: Uint8Array }): CursorView {
  const ack = ackMessage(t.auth_key, t.terminal_id, t.last_seq, t.last_tag);
  return { terminalId: t.terminal_id, lastSeq: t.last_seq, lastTag: toBase64(t.last_tag), ack: ack ? toBase64(ack) : null };
}

// Byte strings travel to SQL as one comma-separated hex text, decoded there: much
// cheaper than a bytea[] parameter, whose elements are escaped and parsed one by one.
export function hexList(items: Uint8Array[]): string {
  return items.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')).join(',');
}
