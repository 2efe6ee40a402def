import { describe, expect, it } from 'vitest';
import { rig, DAY, EUR, TERMINAL_ID, type Rig } from './rig';
import { Reason, reasonName } from '../../protocol/reasons';
import { decodeRequest, encodeRequest } from '../../protocol/messages/request';
import { decodePayment, encodePayment } from '../../protocol/messages/payment';
import { decodeCertificate } from '../../protocol/messages/certificate';
import { Wallet } from '../../protocol/kit/wallet';
import { toHex } from '../../protocol/bytes';
import { screenOf, Screen } from '../../firmware/terminal/screens';

// 200 payments through the full flow on the simulated HAL: 160 good, 40 bad in every
// way the decision rules name. Each bad one sets up its situation, pays, and names the
// reason it expects; the journal must end up holding exactly the approved sales.
type Bad = (r: Rig, amount: number) => { payment: Uint8Array; expect: number; after?: () => void };

const withRequest = (q: Uint8Array, change: (x: ReturnType<typeof decodeRequest>) => void): Uint8Array => {
  const d = decodeRequest(q);
  change(d);
  return encodeRequest(d);
};

const BAD: Bad[] = [
  (r, a) => ({ payment: r.wallet().pay(r.sale(a)).subarray(0, 60), expect: Reason.MALFORMED }),
  (r, a) => { const p = r.wallet().pay(r.sale(a)); p[1] = 2; return { payment: p, expect: Reason.UNSUPPORTED_VERSION }; },
  (r, a) => {
    const d = decodePayment(r.wallet().pay(r.sale(a)));
    return { payment: encodePayment({ ...d, extensions: new Uint8Array([0x81, 0]) }), expect: Reason.UNSUPPORTED_EXTENSION };
  },
  (r, a) => ({ payment: r.wallet().pay(withRequest(r.sale(a), (q) => { q.terminalId = TERMINAL_ID + 1; })), expect: Reason.WRONG_TERMINAL }),
  (r, a) => { const w = r.wallet(); const old = r.sale(a); r.terminal.toIdle(); r.sale(a); return { payment: w.pay(old), expect: Reason.CHALLENGE_MISMATCH }; },
  (r, a) => ({ payment: r.wallet().pay(r.sale(a), { amount: a + 1 }), expect: Reason.AMOUNT_MISMATCH }),
  (r, a) => ({ payment: r.wallet().pay(withRequest(r.sale(a), (q) => { q.currency = 840; })), expect: Reason.CURRENCY_MISMATCH }),
  (r, a) => ({ payment: r.wallet().pay(r.sale(a), { includeCertificate: false }), expect: Reason.UNKNOWN_CERTIFICATE }),
  (r, a) => ({ payment: r.wallet({ issuer: r.issuer2 }).pay(r.sale(a)), expect: Reason.UNKNOWN_ISSUER }),
  (r, a) => {
    const now = r.terminal.now();
    return { payment: r.wallet({ notBefore: now + DAY, expiry: now + 9 * DAY }).pay(r.sale(a)), expect: Reason.CERTIFICATE_NOT_YET_VALID };
  },
  (r, a) => {
    const now = r.terminal.now();
    return { payment: r.wallet({ notBefore: now - 9 * DAY, expiry: now - 1 }).pay(r.sale(a)), expect: Reason.CERTIFICATE_EXPIRED };
  },
  (r, a) => {
    const w = r.wallet();
    expect(r.push({ denyList: [w.walletId] })).toBe(Reason.OK);
    return { payment: w.pay(r.sale(a)), expect: Reason.WALLET_DENIED, after: () => expect(r.push({ denyList: [] })).toBe(Reason.OK) };
  },
  (r, a) => ({ payment: r.wallet({ perPaymentLimit: a - 1 }).pay(r.sale(a)), expect: Reason.OVER_CERTIFICATE_LIMIT }),
  (r) => ({ payment: r.wallet().pay(r.sale(r.settings.perPaymentLimit + 1)), expect: Reason.OVER_TERMINAL_LIMIT }),
  (r, a) => {
    const limit = r.settings.offlineTotalLimit;
    expect(r.push({ offlineTotalLimit: r.terminal.unsyncedTotal + a - 1 })).toBe(Reason.OK);
    return { payment: r.wallet().pay(r.sale(a)), expect: Reason.OFFLINE_TOTAL_EXCEEDED, after: () => expect(r.push({ offlineTotalLimit: limit })).toBe(Reason.OK) };
  },
  (r, a) => {
    // One unsynced sale whose age crosses maxOfflineAge while the QR code is up.
    const w = r.wallet();
    expect(r.ackAll()).toBe(Reason.OK);
    expect(r.tap(w.pay(r.sale(a)))?.reason).toBe(Reason.OK);
    r.clock.advance(r.settings.maxOfflineAge * 1000 - 30_000);
    const q = r.sale(a);
    r.clock.advance(60_000);
    return { payment: w.pay(q), expect: Reason.SYNC_TOO_OLD, after: () => expect(r.ackAll()).toBe(Reason.OK) };
  },
  (r, a) => {
    const w = r.wallet();
    expect(r.tap(w.pay(r.sale(a)))?.reason).toBe(Reason.OK);
    return { payment: w.pay(r.sale(a), { counter: w.counter }), expect: Reason.COUNTER_REPLAY };
  },
  (r, a) => {
    const good = r.wallet();
    const cert = decodeCertificate(new Uint8Array(good.certificate.bytes));
    cert.bytes[cert.signedLength + 5] ^= 0x40; // forged: the issuer never signed this
    const forged = new Wallet(r.crypto, good.seed, decodeCertificate(cert.bytes));
    return { payment: forged.pay(r.sale(a)), expect: Reason.BAD_CERTIFICATE_SIGNATURE };
  },
  (r, a) => { const p = r.wallet().pay(r.sale(a)); p[p.length - 40] ^= 1; return { payment: p, expect: Reason.BAD_SIGNATURE }; },
];

describe('simulator: 200 payments through the full flow', () => {
  it('gives the expected decision and reason every time; the journal holds exactly the approved ones', () => {
    const r = rig('payments-200');
    const wallets = [r.wallet(), r.wallet(), r.wallet(), r.wallet()];
    const plan: number[] = [];
    for (let i = 0; i < 200; i++) plan.push(-1);
    // 40 bad ones spread over the run: every kind at least twice.
    for (let i = 0; i < 40; i++) plan[i * 5 + 2] = i % BAD.length;
    const approved: string[] = [];
    const seen: Record<string, number> = {};
    let n = 0;
    let hashOnlyCount = 0;
    for (const kind of plan) {
      n++;
      r.clock.advance(45_000);
      if (n % 25 === 0) {
        expect(r.ackAll()).toBe(Reason.OK);
        expect(r.push()).toBe(Reason.OK);
      }
      const amount = 100 + ((n * 37) % 3900);
      if (kind < 0) {
        const w = wallets[n % wallets.length];
        const q = r.sale(amount);
        // Every third payment sends only the certificate hash when the terminal holds it.
        const hashOnly = n % 3 === 0 && r.terminal.find(w.certHash) !== null;
        if (hashOnly) hashOnlyCount++;
        const rc = r.tap(w.pay(q, { includeCertificate: !hashOnly }));
        expect(rc, `payment ${n}`).not.toBeNull();
        expect(reasonName(rc!.reason), `payment ${n}`).toBe('OK');
        expect(screenOf(r.terminal)).toBe(Screen.APPROVED);
        approved.push(toHex(rc!.tag));
      } else {
        const before = r.store.lastSeq();
        const c = BAD[kind](r, amount);
        // Approvals the setup made itself (a first sale of a pair) count too.
        for (let s = before + 1; s <= r.store.lastSeq(); s++) approved.push(toHex(r.store.read(s)!.subarray(-16)));
        const rc = r.tap(c.payment);
        expect(rc, `payment ${n}`).not.toBeNull();
        expect(reasonName(rc!.reason), `payment ${n} (bad kind ${kind})`).toBe(reasonName(c.expect));
        expect(rc!.approved).toBe(false);
        expect(rc!.seq).toBe(0);
        expect(screenOf(r.terminal)).toBe(Screen.DECLINED);
        seen[reasonName(c.expect)] = (seen[reasonName(c.expect)] ?? 0) + 1;
        if (c.after) c.after();
      }
      r.terminal.toIdle();
    }
    expect(Object.keys(seen).length).toBe(BAD.length);
    for (const k of Object.keys(seen)) expect(seen[k], k).toBeGreaterThanOrEqual(2);
    // Every approved sale, in order, once: the held records plus those acknowledged.
    const all = r.synced.map((b) => toHex(b.subarray(-16)));
    for (const rec of r.journal()) all.push(toHex(rec.tag));
    expect(all).toEqual(approved);
    expect(r.store.lastSeq()).toBe(approved.length);
    expect(approved.length).toBeGreaterThanOrEqual(160);
    expect(hashOnlyCount).toBeGreaterThan(20);
    for (const rec of r.journal()) expect(rec.currency).toBe(EUR);
  });
});
