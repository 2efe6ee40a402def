import type { JournalRecord } from '../protocol/messages/record';
import type { KnownCertificate } from './certificates';

// Payment checks the ledger re-runs on every authentic record, against its own view of
// issuer keys and revocations and the record's own time. Each failure quarantines the
// record with a stable code (the `rejected` outcome of a batch).
export interface CheckContext {
  terminalCurrency: number;
  issuerNotAfter: Map<number, number>; // keyId → notAfter
  revokedAt: Map<number, number>; // walletId → ledger time of revocation
}

export interface Verdict {
  code: string;
  detail: string;
}

export function checkPayment(rec: JournalRecord, cert: KnownCertificate, signatureValid: boolean, ctx: CheckContext): Verdict | null {
  if (!signatureValid) return { code: 'bad_wallet_signature', detail: 'the wallet signature does not verify' };
  const notAfter = ctx.issuerNotAfter.get(cert.issuerKeyId);
  if (notAfter === undefined) return { code: 'unknown_issuer', detail: `issuer key ${cert.issuerKeyId} is no longer registered` };
  if (rec.time > notAfter) return { code: 'issuer_key_retired', detail: `issuer key ${cert.issuerKeyId} retired at ${notAfter}, sale at ${rec.time}` };
  if (rec.time < cert.notBefore) return { code: 'certificate_not_yet_valid', detail: `certificate valid from ${cert.notBefore}, sale at ${rec.time}` };
  if (rec.time >= cert.expiry) return { code: 'certificate_expired', detail: `certificate expired at ${cert.expiry}, sale at ${rec.time}` };
  if (rec.currency !== cert.currency || rec.currency !== ctx.terminalCurrency) {
    return { code: 'currency_mismatch', detail: `sale in ${rec.currency}, certificate in ${cert.currency}, terminal in ${ctx.terminalCurrency}` };
  }
  if (rec.amount > cert.perPaymentLimit) return { code: 'over_certificate_limit', detail: `amount ${rec.amount} above the certificate limit ${cert.perPaymentLimit}` };
  const revoked = ctx.revokedAt.get(cert.walletId);
  if (revoked !== undefined && rec.time >= revoked) return { code: 'wallet_denied', detail: `wallet ${cert.walletId} revoked at ${revoked}` };
  return null;
}
