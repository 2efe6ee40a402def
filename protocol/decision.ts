import type { Crypto } from './crypto/port';
import { ProtocolError } from './errors';
import { Reason } from './reasons';
import { decodePayment, paymentSigningInput, type Payment } from './messages/payment';
import type { Certificate } from './messages/certificate';
import type { Settings } from './messages/settings';
import { equalBytes } from './bytes';

// The terminal's acceptance decision (DESIGN.md §3.4, SPEC.md §7). Pure: every fact
// about the terminal comes in through DecisionInput, so the same function runs on the
// device, in the simulator and in the ledger's re-check.
//
// Check order — cheap first, signatures last, first failure wins:
//   1 decode                 MALFORMED / UNSUPPORTED_VERSION / UNSUPPORTED_EXTENSION
//   2 terminal id            WRONG_TERMINAL
//   3 challenge              CHALLENGE_MISMATCH   (must equal the request being shown)
//   4 amount                 AMOUNT_MISMATCH
//   5 currency               CURRENCY_MISMATCH
//   6 certificate            UNKNOWN_CERTIFICATE  (embedded, or by hash from the cache)
//   7 issuer key             UNKNOWN_ISSUER       (key id in settings, key notAfter not passed)
//   8 clock                  CLOCK_UNSET
//   9 validity window        CERTIFICATE_NOT_YET_VALID / CERTIFICATE_EXPIRED
//  10 deny list              WALLET_DENIED
//  11 certificate limit      OVER_CERTIFICATE_LIMIT
//  12 terminal limit         OVER_TERMINAL_LIMIT
//  13 unsynced total         OFFLINE_TOTAL_EXCEEDED
//  14 oldest unsynced sale   SYNC_TOO_OLD
//  15 wallet counter         COUNTER_REPLAY       (must exceed the last one seen here)
//  16 issuer signature       BAD_CERTIFICATE_SIGNATURE (skipped when the hash is cached)
//  17 wallet signature       BAD_SIGNATURE        over paymentSigningInput(binding, certHash)
//
// Time: `now` is the terminal's estimate (firmware/terminal/time.ts): the time the last
// sync established plus monotonic uptime since, or after a reboot the persisted lower
// bound (newest of settings time and newest journal record) plus uptime since boot.
// Because the estimate never runs ahead of the true time, an unknown gap (power off)
// can only make a certificate look older-than-real in one direction: notBefore is
// judged strictly (a wallet certificate issued during the gap is refused as not yet
// valid) and expiry is judged against the lower bound. The exposure that leaves is
// bounded by maxOfflineAge, which is judged with the same estimate. With no estimate
// at all (never synced) every payment is refused with CLOCK_UNSET.
export const TIME_UNKNOWN = -1;

export interface CertificateCache {
  // A certificate whose issuer signature this terminal already verified, by SHA-256.
  find(hash: Uint8Array): Certificate | null;
}

// What the terminal knows about its unsynced sales and the wallets it has seen.
export interface RiskView {
  unsyncedTotal: number;
  oldestUnsynced: number; // unix seconds of the oldest unsynced sale; 0 when none
  // The last wallet counter this terminal saw for the wallet (by id, or by certificate
  // hash for sales rebuilt from the journal, which stores only the hash); 0 when none.
  lastCounter(walletId: number, certHash: Uint8Array): number;
}

export interface DecisionInput extends RiskView {
  payment: Uint8Array;
  terminalId: number;
  challenge: Uint8Array;
  amount: number;
  currency: number;
  settings: Settings;
  now: number; // unix seconds, or TIME_UNKNOWN
  cache: CertificateCache;
  crypto: Crypto;
}

export interface Decision {
  reason: number;
  payment?: Payment;
  certificate?: Certificate;
  certHash?: Uint8Array;
  verifiedCertificate?: boolean; // the issuer signature was checked in this decision
}

export function decide(i: DecisionInput): Decision {
  return decidePayment(i.payment, i.terminalId, i.challenge, i.amount, i.currency, i.settings, i.now, i.cache, i, i.crypto);
}

// decide() with its inputs as arguments (the terminal's call: no input object to build).
export function decidePayment(
  payment: Uint8Array, terminalId: number, challenge: Uint8Array, amount: number, currency: number, s: Settings,
  now: number, cache: CertificateCache, risk: RiskView, crypto: Crypto,
): Decision {
  let p: Payment;
  try {
    p = decodePayment(payment);
  } catch (e) {
    return { reason: e instanceof ProtocolError ? e.reason : Reason.MALFORMED };
  }
  let r = p.terminalId !== terminalId ? Reason.WRONG_TERMINAL
    : !equalBytes(p.challenge, challenge) ? Reason.CHALLENGE_MISMATCH
    : p.amount !== amount ? Reason.AMOUNT_MISMATCH
    : p.currency !== currency ? Reason.CURRENCY_MISMATCH
    : Reason.OK;
  if (r) return { reason: r, payment: p };

  const hash = p.certificate ? crypto.sha256(p.certificate.bytes) : (p.certHash as Uint8Array);
  const cached = cache.find(hash);
  const cert = p.certificate || cached;
  if (!cert) return { reason: Reason.UNKNOWN_CERTIFICATE, payment: p };

  // Settings list issuer keys in ascending id order, so at most one matches.
  const key = s.issuerKeys.find((k) => k.keyId === cert.issuerKeyId);
  const unknown = now === TIME_UNKNOWN;
  r = !key || (!unknown && now > key.notAfter) ? Reason.UNKNOWN_ISSUER
    : unknown ? Reason.CLOCK_UNSET
    : now < cert.notBefore ? Reason.CERTIFICATE_NOT_YET_VALID
    : now >= cert.expiry ? Reason.CERTIFICATE_EXPIRED
    : s.denyList.indexOf(cert.walletId) >= 0 ? Reason.WALLET_DENIED
    : p.amount > cert.perPaymentLimit ? Reason.OVER_CERTIFICATE_LIMIT
    : p.amount > s.perPaymentLimit ? Reason.OVER_TERMINAL_LIMIT
    : risk.unsyncedTotal + p.amount > s.offlineTotalLimit ? Reason.OFFLINE_TOTAL_EXCEEDED
    : risk.oldestUnsynced && now - risk.oldestUnsynced > s.maxOfflineAge ? Reason.SYNC_TOO_OLD
    : p.walletCounter <= risk.lastCounter(cert.walletId, hash) ? Reason.COUNTER_REPLAY
    : !cached && !crypto.verify(cert.signature, cert.bytes.subarray(0, cert.signedLength), key.publicKey) ? Reason.BAD_CERTIFICATE_SIGNATURE
    : !crypto.verify(p.signature, paymentSigningInput(p, hash), cert.walletKey) ? Reason.BAD_SIGNATURE
    : Reason.OK;
  return {
    reason: r, payment: p, certificate: cert, certHash: hash,
    verifiedCertificate: !cached && (!r || r === Reason.BAD_SIGNATURE), // the issuer signature was checked here
  };
}
