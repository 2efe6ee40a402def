import type { Crypto } from './crypto/port';
import { ProtocolError } from './errors';
import { Reason } from './reasons';
import { decodePayment, paymentSigningInput, type Payment } from './messages/payment';
import type { Certificate } from './messages/certificate';
import type { Settings } from './messages/settings';

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

export interface DecisionInput {
  payment: Uint8Array;
  terminalId: number;
  challenge: Uint8Array;
  amount: number;
  currency: number;
  settings: Settings;
  now: number; // unix seconds, or TIME_UNKNOWN
  cache: CertificateCache;
  unsyncedTotal: number;
  oldestUnsynced: number; // unix seconds of the oldest unsynced sale; 0 when none
  // The last wallet counter this terminal saw for the wallet (by id, or by certificate
  // hash for sales rebuilt from the journal, which stores only the hash); 0 when none.
  lastCounter(walletId: number, certHash: Uint8Array): number;
  crypto: Crypto;
}

export interface Decision {
  reason: number;
  payment?: Payment;
  certificate?: Certificate;
  certHash?: Uint8Array;
  verifiedCertificate?: boolean; // the issuer signature was checked in this decision
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function decide(input: DecisionInput): Decision {
  let p: Payment;
  try {
    p = decodePayment(input.payment);
  } catch (e) {
    if (e instanceof ProtocolError) return { reason: e.reason };
    return { reason: Reason.MALFORMED };
  }
  const out: Decision = { reason: Reason.OK, payment: p };
  const s = input.settings;
  if (p.terminalId !== input.terminalId) return deny(out, Reason.WRONG_TERMINAL);
  if (!sameBytes(p.challenge, input.challenge)) return deny(out, Reason.CHALLENGE_MISMATCH);
  if (p.amount !== input.amount) return deny(out, Reason.AMOUNT_MISMATCH);
  if (p.currency !== input.currency) return deny(out, Reason.CURRENCY_MISMATCH);

  let cert = p.certificate;
  let hash: Uint8Array;
  let cached: Certificate | null;
  if (cert) {
    hash = input.crypto.sha256(cert.bytes);
    cached = input.cache.find(hash);
  } else {
    hash = p.certHash as Uint8Array;
    cached = input.cache.find(hash);
    cert = cached;
    if (!cert) return deny(out, Reason.UNKNOWN_CERTIFICATE);
  }
  out.certificate = cert;
  out.certHash = hash;

  const now = input.now;
  let key = null;
  for (const k of s.issuerKeys) if (k.keyId === cert.issuerKeyId) key = k;
  if (!key || (now !== TIME_UNKNOWN && now > key.notAfter)) return deny(out, Reason.UNKNOWN_ISSUER);
  if (now === TIME_UNKNOWN) return deny(out, Reason.CLOCK_UNSET);
  if (now < cert.notBefore) return deny(out, Reason.CERTIFICATE_NOT_YET_VALID);
  if (now >= cert.expiry) return deny(out, Reason.CERTIFICATE_EXPIRED);
  if (s.denyList.indexOf(cert.walletId) >= 0) return deny(out, Reason.WALLET_DENIED);
  if (p.amount > cert.perPaymentLimit) return deny(out, Reason.OVER_CERTIFICATE_LIMIT);
  if (p.amount > s.perPaymentLimit) return deny(out, Reason.OVER_TERMINAL_LIMIT);
  if (input.unsyncedTotal + p.amount > s.offlineTotalLimit) return deny(out, Reason.OFFLINE_TOTAL_EXCEEDED);
  if (input.oldestUnsynced && now - input.oldestUnsynced > s.maxOfflineAge) return deny(out, Reason.SYNC_TOO_OLD);
  if (p.walletCounter <= input.lastCounter(cert.walletId, hash)) return deny(out, Reason.COUNTER_REPLAY);

  const c = input.crypto;
  if (!cached) {
    if (!c.verify(cert.signature, cert.bytes.subarray(0, cert.signedLength), key.publicKey)) return deny(out, Reason.BAD_CERTIFICATE_SIGNATURE);
    out.verifiedCertificate = true;
  }
  if (!c.verify(p.signature, paymentSigningInput(p, hash), cert.walletKey)) return deny(out, Reason.BAD_SIGNATURE);
  return out;
}

function deny(d: Decision, reason: number): Decision {
  d.reason = reason;
  return d;
}
