import { describe, expect, it } from 'vitest';
import { decide, TIME_UNKNOWN, type DecisionInput } from '../../protocol/decision';
import { seededCrypto } from '../../protocol/crypto/host';
import { createIssuer } from '../../protocol/kit/issuer';
import { Wallet } from '../../protocol/kit/wallet';
import { encodeRequest } from '../../protocol/messages/request';
import { Reason } from '../../protocol/reasons';
import type { Settings } from '../../protocol/messages/settings';
import { equalBytes } from '../../protocol/bytes';

const T = 1_800_000_000;
const crypto = seededCrypto('decision');
const issuer = createIssuer(crypto, 7);
const seed = crypto.random(32);
const cert = issuer.issue({ walletId: 5, walletKey: crypto.publicKey(seed), perPaymentLimit: 1000, currency: 978, notBefore: T - 100, expiry: T + 100 });
const challenge = crypto.random(16);
const settings: Settings = {
  terminalId: 1, version: 1, time: T, perPaymentLimit: 900, offlineTotalLimit: 5000, maxOfflineAge: 600, currency: 978,
  issuerKeys: [{ keyId: 7, publicKey: issuer.publicKey, notAfter: T + 50 }], denyList: [], extensions: new Uint8Array(0), tag: new Uint8Array(16),
};

function input(payment: Uint8Array, change: Partial<DecisionInput> = {}): DecisionInput {
  let verifies = 0;
  const counting = { ...crypto, verify: (s: Uint8Array, m: Uint8Array, k: Uint8Array) => { verifies++; return crypto.verify(s, m, k); } };
  return {
    payment, terminalId: 1, challenge, amount: 500, currency: 978, settings, now: T, cache: { find: () => null },
    unsyncedTotal: 0, oldestUnsynced: 0, lastCounter: () => 0, crypto: counting, ...change,
    get verifies() { return verifies; },
  } as DecisionInput;
}

const request = encodeRequest({ terminalId: 1, merchantId: 2, amount: 500, currency: 978, challenge, requestCounter: 1, extensions: new Uint8Array(0) });

describe('decide', () => {
  it('approves a good payment with two signature checks, one when the certificate is cached', () => {
    const w = new Wallet(crypto, seed, cert);
    const p = w.pay(request);
    const a = input(p);
    const d = decide(a);
    expect(d.reason).toBe(Reason.OK);
    expect(d.verifiedCertificate).toBe(true);
    expect((a as unknown as { verifies: number }).verifies).toBe(2);
    const cache = { find: (h: Uint8Array) => (equalBytes(h, d.certHash!) ? d.certificate! : null) };
    const b = input(w.pay(request, { includeCertificate: false }), { cache });
    expect(decide(b).reason).toBe(Reason.OK);
    expect((b as unknown as { verifies: number }).verifies).toBe(1);
  });

  it('judges time by the estimate: unknown → CLOCK_UNSET, issuer key and certificate windows', () => {
    const p = new Wallet(crypto, seed, cert).pay(request);
    expect(decide(input(p, { now: TIME_UNKNOWN })).reason).toBe(Reason.CLOCK_UNSET);
    expect(decide(input(p, { now: T + 51 })).reason).toBe(Reason.UNKNOWN_ISSUER);
    expect(decide(input(p, { now: T - 101 })).reason).toBe(Reason.CERTIFICATE_NOT_YET_VALID);
    const later: Settings = { ...settings, issuerKeys: [{ ...settings.issuerKeys[0], notAfter: T + 1000 }] };
    expect(decide(input(p, { now: T + 100, settings: later })).reason).toBe(Reason.CERTIFICATE_EXPIRED);
    expect(decide(input(p, { now: T + 99, settings: later })).reason).toBe(Reason.OK);
  });

  it('checks the cheap rules before any signature: a forged payment failing a limit costs no verify', () => {
    const p = new Wallet(crypto, seed, cert).pay(request);
    p[p.length - 1] ^= 1;
    const a = input(p, { unsyncedTotal: 4600 });
    expect(decide(a).reason).toBe(Reason.OFFLINE_TOTAL_EXCEEDED);
    expect((a as unknown as { verifies: number }).verifies).toBe(0);
    const b = input(p, { oldestUnsynced: T - 601 });
    expect(decide(b).reason).toBe(Reason.SYNC_TOO_OLD);
    const c = input(p, { lastCounter: () => 1 });
    expect(decide(c).reason).toBe(Reason.COUNTER_REPLAY);
    expect(decide(input(p)).reason).toBe(Reason.BAD_SIGNATURE);
  });

  it('the first failing rule wins, in the documented order', () => {
    const w = new Wallet(crypto, seed, cert);
    // Wrong amount AND denied AND over limits: AMOUNT_MISMATCH comes first.
    const p = w.pay(request, { amount: 950 });
    const denied: Settings = { ...settings, denyList: [5] };
    expect(decide(input(p, { settings: denied })).reason).toBe(Reason.AMOUNT_MISMATCH);
    expect(decide(input(p, { settings: denied, amount: 950 })).reason).toBe(Reason.WALLET_DENIED);
    expect(decide(input(p, { amount: 950 })).reason).toBe(Reason.OVER_TERMINAL_LIMIT);
    expect(decide(input(new Uint8Array(0))).reason).toBe(Reason.MALFORMED);
  });
});
