import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkCurrency, checkU32NonZero } from './header';
import { fail } from '../errors';

// Wallet certificate, issuer → wallet (SPEC.md §4). The issuer signs bytes
// [0, signatureOffset) with Ed25519; the certificate's hash is SHA-256 of all its bytes.
export interface Certificate {
  issuerKeyId: number;
  walletId: number;
  walletKey: Uint8Array; // 32-byte Ed25519 public key
  perPaymentLimit: number; // minor units of `currency`
  currency: number;
  notBefore: number; // unix seconds
  expiry: number; // unix seconds, > notBefore
  extensions: Uint8Array;
  signature: Uint8Array; // 64 bytes
  bytes: Uint8Array; // the whole encoding
  signedLength: number;
}

const FIXED = 57;
export const CERT_MAX_EXTENSIONS = 64;

export type CertificateFields = Omit<Certificate, 'signature' | 'bytes' | 'signedLength'>;

// The bytes the issuer signs.
export function encodeCertificateBody(c: CertificateFields): Uint8Array {
  const ext = c.extensions || EMPTY_EXTENSIONS;
  const w = new Writer(FIXED + ext.length);
  w.u8(MessageType.CERTIFICATE);
  w.u8(1);
  w.u32(c.issuerKeyId);
  w.u32(c.walletId);
  w.put(c.walletKey);
  w.u32(c.perPaymentLimit);
  w.u16(c.currency);
  w.u32(c.notBefore);
  w.u32(c.expiry);
  writeExtensions(w, ext);
  return w.done();
}

export function readCertificate(r: Reader): Certificate {
  const start = r.pos;
  readHeader(r, MessageType.CERTIFICATE);
  const issuerKeyId = r.u32();
  const walletId = checkU32NonZero(r.u32(), 'wallet id');
  const walletKey = r.take(32);
  const perPaymentLimit = checkU32NonZero(r.u32(), 'per-payment limit');
  const currency = checkCurrency(r.u16());
  const notBefore = r.u32();
  const expiry = r.u32();
  if (expiry <= notBefore) fail('certificate expires before it starts');
  const extensions = readExtensions(r, CERT_MAX_EXTENSIONS);
  const signedLength = r.pos - start;
  const signature = r.take(64);
  return {
    issuerKeyId, walletId, walletKey, perPaymentLimit, currency, notBefore, expiry, extensions,
    signature, bytes: r.bytes.subarray(start, r.pos), signedLength,
  };
}

export function decodeCertificate(bytes: Uint8Array): Certificate {
  const r = new Reader(bytes);
  const c = readCertificate(r);
  r.end();
  return c;
}
