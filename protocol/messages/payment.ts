import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, readHeader, currency as readCurrency, nonZero } from './header';
import { readCertificate, type Certificate } from './certificate';
import { CHALLENGE_BYTES } from './request';
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
const FLAG_CERTIFICATE = 1;
const SIGNING_BYTES = 65;
export const PAYMENT_MAX_EXTENSIONS = 16;

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
  begin(new Uint8Array(SIGNING_BYTES + ext.length));
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
  if (size > PAYMENT_MAX_BYTES) fail('payment too large');
  begin(new Uint8Array(size));
  int(2, MessageType.PAYMENT | Header.V1);
  int(1, p.certificate ? FLAG_CERTIFICATE : 0);
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
  if (b.length > PAYMENT_MAX_BYTES) fail('payment too large');
  begin(b);
  readHeader(MessageType.PAYMENT);
  const flags = int(1);
  if (flags & ~FLAG_CERTIFICATE) fail('unknown payment flags');
  const terminalId = nonZero(4);
  const amount = nonZero(4);
  const currency = readCurrency();
  const challenge = bytes(CHALLENGE_BYTES);
  const walletCounter = nonZero(4);
  let certificate: Certificate | null = null;
  let certHash: Uint8Array | null = null;
  if (flags & FLAG_CERTIFICATE) certificate = readCertificate();
  else certHash = bytes(32);
  const extensions = readExtensions(PAYMENT_MAX_EXTENSIONS);
  const signature = bytes(64);
  end();
  return { terminalId, amount, currency, challenge, walletCounter, certificate, certHash, extensions, signature };
}
