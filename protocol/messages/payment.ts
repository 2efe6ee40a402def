import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, currency as readCurrency, nonZero } from './header';
import { readCertificate, type Certificate } from './certificate';
import { fail } from '../errors';

// Payment, wallet → terminal (SPEC.md §5). Carries either the wallet's whole
// certificate or only its SHA-256 when the terminal already holds it. The wallet signs
// the payment signing input, which always names the certificate by hash, so the same
// signature verifies from a journal record that stores only the hash.
export interface Payment {
  terminalId: number;
  amount: number;
  currency: number;
  challenge: Uint8Array;
  walletCounter: number;
  certificate: Certificate | null;
  certHash: Uint8Array | null; // set when the certificate is not included
  extensions: Uint8Array;
  signature: Uint8Array;
}

export const PAYMENT_MAX_BYTES = 256;
export const PAYMENT_MAX_EXTENSIONS = 16;
// The flags byte's one bit: the certificate is included.
enum Flag {
  CERTIFICATE = 1,
}

export interface PaymentBinding {
  terminalId: number;
  amount: number;
  currency: number;
  challenge: Uint8Array;
  walletCounter: number;
  extensions: Uint8Array;
}

export function paymentSigningInput(p: PaymentBinding, certHash: Uint8Array): Uint8Array {
  const ext = p.extensions || EMPTY_EXTENSIONS;
  begin(new Uint8Array(65 + ext.length));
  int(2, MessageType.PAYMENT_SIGNING | Header.V1);
  int(4, p.terminalId);
  int(4, p.amount);
  int(2, p.currency);
  bytes(p.challenge);
  int(4, p.walletCounter);
  bytes(certHash);
  writeExtensions(ext);
  return end();
}

export function encodePayment(p: Payment): Uint8Array {
  const ext = p.extensions || EMPTY_EXTENSIONS;
  const tail = p.certificate ? p.certificate.bytes : p.certHash;
  if (!tail) fail('payment needs a certificate or its hash');
  const size = 33 + tail.length + 1 + ext.length + 64;
  if (size > Size.PAYMENT_MAX) fail('payment too large');
  begin(new Uint8Array(size));
  int(2, MessageType.PAYMENT | Header.V1);
  int(1, p.certificate ? Flag.CERTIFICATE : 0);
  int(4, p.terminalId);
  int(4, p.amount);
  int(2, p.currency);
  bytes(p.challenge);
  int(4, p.walletCounter);
  bytes(tail);
  writeExtensions(ext);
  bytes(p.signature);
  return end();
}

export function decodePayment(b: Uint8Array): Payment {
  if (b.length > Size.PAYMENT_MAX) fail('payment too large');
  begin(b);
  readHeader(MessageType.PAYMENT);
  const flags = int(1);
  if (flags & ~Flag.CERTIFICATE) fail('unknown payment flags');
  // Wire order: an object literal's values are read left to right.
  const p: Payment = {
    terminalId: nonZero(), amount: nonZero(), currency: readCurrency(), challenge: bytes(Size.CHALLENGE), walletCounter: nonZero(),
    certificate: flags ? readCertificate() : null, certHash: flags ? null : bytes(Size.HASH),
    extensions: readExtensions(Size.PAYMENT_MAX_EXTENSIONS), signature: bytes(Size.SIGNATURE),
  };
  end();
  return p;
}
