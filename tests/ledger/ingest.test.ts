import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { makeWorld, b64, CURRENCY, T0, type World } from '../../ledger/testing/world';
import { JournalWriter } from '../../ledger/testing/journal-writer';
import { createWallet } from '../../protocol/kit/wallet';
import { createIssuer } from '../../protocol/kit/issuer';
import { decodeRecord } from '../../protocol/messages/record';
import { fastSigningCrypto } from '../../ledger/testing/journal-writer';
import { seededRandom } from '../../protocol/crypto/host';

// Ingest semantics: idempotency (invariant 5), tamper evidence of the chain (invariant 3),
// every payment re-checked, double spends across terminals, settlement.
let w: World;
beforeAll(async () => {
  w = await makeWorld({ seed: 'ingest', wallets: 6 });
});
afterAll(() => w.close());

const flip = (b: Uint8Array, at: number) => {
  const c = b.slice();
  c[at] ^= 1;
  return c;
};

describe('idempotent ingest', () => {
  it('settles a batch uploaded twice, in parts and overlapping, exactly once', async () => {
    const t = await w.terminal(11);
    const recs = Array.from({ length: 6 }, (_, i) => t.sale(w.wallets[0], 1000 + i, T0 + 100 + i));
    const first = await w.upload(t, recs.slice(0, 4), 'k1');
    expect(first.json.accepted).toEqual([1, 2, 3, 4]);
    const same = await w.upload(t, recs.slice(0, 4), 'k1');
    expect(same.status).toBe(200);
    expect(same.json).toEqual(first.json);
    const overlap = await w.upload(t, recs.slice(2), 'k2');
    expect(overlap.json.accepted).toEqual([3, 4, 5, 6]);
    const reused = await w.upload(t, recs.slice(1, 3), 'k1');
    expect(reused.status).toBe(422);
    expect(reused.json.code).toBe('idempotency_key_reused');
    const s = await w.api('GET', '/v1/merchants/11/settlement');
    expect(s.json.totals).toEqual([{ currency: CURRENCY, count: 6, amount: 6 * 1000 + 15 }]);
  });

  it('refuses a batch with the same seq twice and different bytes', async () => {
    const t = await w.terminal(12);
    const a = t.sale(w.wallets[0], 5, T0);
    const r = await w.upload(t, [a, flip(a, 20)]);
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('duplicate_seq');
  });
});

describe('tamper evidence of the chain', () => {
  it('detects removed, reordered, altered, inserted and replayed records', async () => {
    const t = await w.terminal(13);
    const recs = Array.from({ length: 6 }, (_, i) => t.sale(w.wallets[2], 10 + i, T0 + 200 + i));
    expect((await w.upload(t, recs.slice(0, 2))).json.accepted).toEqual([1, 2]);
    // Removed: 3 is missing, so 4 cannot chain.
    const removed = await w.upload(t, [recs[3], recs[4]]);
    expect(removed.status).toBe(409);
    expect(removed.json).toMatchObject({ code: 'chain_gap', cursor: { lastSeq: 2 } });
    // Altered: amount of record 3 changed by one bit.
    const altered = await w.upload(t, [flip(recs[2], 14)]);
    expect(altered.status).toBe(422);
    expect(altered.json.code).toBe('not_authentic');
    // Inserted: a record forged without K between 2 and 3.
    const forged = recs[2].slice();
    forged.set(new Uint8Array(16).fill(0xab), 137);
    expect((await w.upload(t, [forged])).json.code).toBe('not_authentic');
    // Reordered: 4 presented where 3 belongs (renumbered to seq 3).
    const renumbered = recs[3].slice();
    new DataView(renumbered.buffer).setUint32(2, 3, true);
    expect((await w.upload(t, [renumbered])).json.code).toBe('not_authentic');
    // A good record after a bad one in the same batch is held back, not stored.
    const mixed = await w.upload(t, [recs[2], flip(recs[3], 30), recs[4]]);
    expect(mixed.status).toBe(200);
    expect(mixed.json.accepted).toEqual([3]);
    expect(mixed.json.retry).toEqual([{ seq: 4, code: 'not_authentic' }, { seq: 5, code: 'chain_gap' }]);
    expect(mixed.json.cursor.lastSeq).toBe(3);
    // Replayed: an altered copy of a stored record, and a record of another terminal.
    expect((await w.upload(t, [flip(recs[0], 50)])).json.code).toBe('not_authentic');
    const other = await w.terminal(13);
    const foreign = other.sale(w.wallets[2], 1, T0);
    const replay = await w.upload(t, [foreign]);
    expect(replay.status).toBe(422); // seq 1 is held here with other bytes, and this one is not authentic here
    expect(replay.json.code).toBe('not_authentic');
    expect((await w.upload(other, [recs[0], recs[1]])).json.code).toBe('not_authentic');
    // Nothing of that reached the books: three sales of terminal t.
    const listed = await w.api('GET', `/v1/terminals/${t.terminalId}/records`);
    expect(listed.json.records.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3]);
    // The honest continuation still goes through.
    expect((await w.upload(t, recs.slice(3))).json.accepted).toEqual([4, 5, 6]);
  });

  it('records a fork: two authentic records with one seq (the terminal rolled back its journal)', async () => {
    const t = await w.terminal(14);
    const recs = [1, 2, 3].map((i) => t.sale(w.wallets[3], 50 * i, T0 + 300 + i));
    expect((await w.upload(t, recs)).json.accepted).toEqual([1, 2, 3]);
    const fork = new JournalWriter(t.terminalId, t.merchantId, t.key, CURRENCY, 1);
    fork.prevTag = recs[0].subarray(137);
    const other2 = fork.sale(w.wallets[3], 999, T0 + 302);
    const r = await w.upload(t, [other2]);
    expect(r.status).toBe(200);
    expect(r.json.rejected).toEqual([{ seq: 2, code: 'chain_fork', detail: expect.any(String) }]);
    const again = await w.upload(t, [other2]);
    expect(again.json.rejected).toEqual(r.json.rejected);
    const c = await w.api('GET', `/v1/conflicts?terminalId=${t.terminalId}&kind=chain_fork`);
    expect(c.json.conflicts).toHaveLength(1);
    expect(c.json.conflicts[0]).toMatchObject({ seq: 2, terminalId: t.terminalId });
  });

  it('accepts skipped sequence numbers (after a power cut) when the chain holds', async () => {
    const t = await w.terminal(15);
    const recs = [t.sale(w.wallets[4], 1, T0), t.sale(w.wallets[4], 2, T0 + 1, { skip: 5 }), t.sale(w.wallets[4], 3, T0 + 2)];
    expect((await w.upload(t, recs)).json.accepted).toEqual([1, 7, 8]);
  });
});

describe('payment checks and conflicts', () => {
  it('quarantines bad payments with reasons, settles the rest, and still acknowledges them', async () => {
    const t = await w.terminal(16);
    const wal = w.wallets[5];
    const good = t.sale(wal, 100, T0 + 10);
    const forgedSig = t.sale(wal, 100, T0 + 11, { signedAmount: 1 });
    const overLimit = t.sale(wal, 50_001, T0 + 12);
    const expired = t.sale(wal, 100, T0 + 86_400 * 366);
    const early = t.sale(wal, 100, T0 - 86_400 * 2);
    const r = await w.upload(t, [good, forgedSig, overLimit, expired, early]);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toEqual([1]);
    expect(r.json.rejected.map((x: { seq: number; code: string }) => [x.seq, x.code])).toEqual([
      [2, 'bad_wallet_signature'], [3, 'over_certificate_limit'], [4, 'certificate_expired'], [5, 'certificate_not_yet_valid'],
    ]);
    expect(r.json.cursor.lastSeq).toBe(5);
    const s = await w.api('GET', '/v1/merchants/16/settlement');
    expect(s.json).toEqual({ merchantId: 16, totals: [{ currency: CURRENCY, count: 1, amount: 100 }], quarantined: 4 });
  });

  it('waits for an unknown certificate, then accepts it once registered or uploaded', async () => {
    const t = await w.terminal(17);
    const crypto = { ...fastSigningCrypto(), random: seededRandom('late') };
    const late = createWallet(crypto, (walletKey) => w.issuer.issue({ walletId: 555, walletKey, perPaymentLimit: 900, currency: CURRENCY, notBefore: T0 - 10, expiry: T0 + 86_400 }));
    const a = t.sale(late, 10, T0 + 1);
    const b = t.sale(late, 20, T0 + 2);
    const r = await w.upload(t, [a, b]);
    expect(r.status).toBe(200);
    expect(r.json.retry).toEqual([{ seq: 1, code: 'unknown_certificate' }, { seq: 2, code: 'chain_gap' }]);
    expect(r.json.ack).toBeNull();
    const withCert = await w.api('POST', `/v1/terminals/${t.terminalId}/batches`, { records: [b64(a), b64(b)], certificates: [b64(late.certificate.bytes)] }, { 'idempotency-key': 'late-2' });
    expect(withCert.json.accepted).toEqual([1, 2]);
    // A certificate from an unregistered issuer, or with a forged signature, is refused.
    const rogue = createIssuer(crypto, 99);
    const rogueCert = rogue.issue({ walletId: 556, walletKey: late.publicKey, perPaymentLimit: 1, currency: CURRENCY, notBefore: 0, expiry: 1 });
    expect((await w.api('POST', '/v1/certificates', { certificates: [b64(rogueCert.bytes)] })).json.code).toBe('unknown_issuer');
    const forged = late.certificate.bytes.slice();
    forged[forged.length - 1] ^= 1;
    expect((await w.api('POST', '/v1/certificates', { certificates: [b64(forged)] })).json.code).toBe('bad_certificate');
  });

  it('detects double spends across terminals, replayed challenges and counter rollbacks', async () => {
    const crypto = { ...fastSigningCrypto(), random: seededRandom('cheat') };
    const cheat = createWallet(crypto, (walletKey) => w.issuer.issue({ walletId: 777, walletKey, perPaymentLimit: 5000, currency: CURRENCY, notBefore: T0 - 10, expiry: T0 + 86_400 * 100 }));
    expect((await w.api('POST', '/v1/certificates', { certificates: [b64(cheat.certificate.bytes)] })).status).toBe(200);
    const a = await w.terminal(21);
    const b = await w.terminal(22);
    const ra = a.sale(cheat, 700, T0 + 50, { counter: 10 });
    const rb = b.sale(cheat, 800, T0 + 60, { counter: 10 });
    expect((await w.upload(a, [ra])).json.accepted).toEqual([1]);
    const rb1 = await w.upload(b, [rb]);
    expect(rb1.json.rejected).toMatchObject([{ seq: 1, code: 'double_spend' }]);
    const replay = decodeRecord(ra);
    const rc = a.sale(cheat, 5, T0 + 70, { counter: 11, challenge: replay.challenge.slice() });
    expect((await w.upload(a, [rc])).json.rejected).toMatchObject([{ seq: 2, code: 'challenge_replay' }]);
    // Counter 3 stamped before counter 10 reached the ledger could be a late sync from a
    // terminal with a stale clock: no evidence. Stamped after that arrival, it is.
    const late3 = a.sale(cheat, 5, T0 + 80, { counter: 3 });
    expect((await w.upload(a, [late3])).json.accepted).toEqual([3]);
    const rollback = a.sale(cheat, 5, T0 + 86_400 * 30 + 100, { counter: 4 });
    expect((await w.upload(a, [rollback])).json.accepted).toEqual([4]);
    const conflicts = (await w.api('GET', '/v1/conflicts?limit=1000')).json.conflicts as { kind: string; terminalId: number; seq: number; otherTerminalId: number; otherSeq: number; walletId: number }[];
    const mine = conflicts.filter((c) => c.walletId === 777);
    expect(mine.map((c) => c.kind)).toEqual(['double_spend', 'challenge_replay', 'counter_rollback']);
    expect(mine[0]).toMatchObject({ terminalId: b.terminalId, seq: 1, otherTerminalId: a.terminalId, otherSeq: 1 });
    // Revoked: later sales quarantined, earlier ones stand.
    expect((await w.api('POST', '/v1/revocations', { walletId: 777 })).status).toBe(201);
    const after = a.sale(cheat, 5, T0 + 86_400 * 31, { counter: 12 });
    expect((await w.upload(a, [after])).json.rejected).toMatchObject([{ seq: 5, code: 'wallet_denied' }]);
    const sa = await w.api('GET', '/v1/merchants/21/settlement');
    expect(sa.json).toEqual({ merchantId: 21, totals: [{ currency: CURRENCY, count: 3, amount: 710 }], quarantined: 2 });
    const sb = await w.api('GET', '/v1/merchants/22/settlement');
    expect(sb.json).toEqual({ merchantId: 22, totals: [], quarantined: 1 });
  });

  it('refuses a sale in another currency than the terminal trades in', async () => {
    const t = await w.terminal(23);
    const usd = new JournalWriter(t.terminalId, t.merchantId, t.key, 840);
    const r = await w.upload(t, [usd.sale(w.wallets[0], 10, T0 + 5)]);
    expect(r.json.rejected).toMatchObject([{ seq: 1, code: 'currency_mismatch' }]);
  });
});
