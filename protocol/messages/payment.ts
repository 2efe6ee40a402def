import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkCurrency, checkU32NonZero } from './header';
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
  const w = new Writer(SIGNING_BYTES + ext.length);
  w.u8(MessageType.PAYMENT_SIGNING);
  w.u8(1);
  w.u32(p.terminalId);
  w.u32(p.amount);
  w.u16(p.currency);
  w.put(p.challenge);
  w.u32(p.walletCounter);
  w.put(certHash);
  writeExtensions(w, ext);
  return w.done();
}

export function encodePayment(p: Payment): Uint8Array {
  const ext = p.extensions || EMPTY_EXTENSIONS;
  const tail = p.certificate ? p.certificate.bytes : p.certHash;
  if (!tail) fail('payment needs a certificate or its hash');
  const w = new Writer(33 + tail.length + 1 + ext.length + 64);
  w.u8(MessageType.PAYMENT);
  w.u8(1);
  w.u8(p.certificate ? FLAG_CERTIFICATE : 0);
  w.u32(p.terminalId);
  w.u32(p.amount);
  w.u16(p.currency);
  w.put(p.challenge);
  w.u32(p.walletCounter);
  w.put(tail);
  writeExtensions(w, ext);
  w.put(p.signature);
  if (w.pos > PAYMENT_MAX_BYTES) fail('payment too large');
  return w.done();
}

export function decodePayment(bytes: Uint8Array): Payment {
  if (bytes.length > PAYMENT_MAX_BYTES) fail('payment too large');
  const r = new Reader(bytes);
  readHeader(r, MessageType.PAYMENT);
  const flags = r.u8();
  if (flags & ~FLAG_CERTIFICATE) fail('unknown payment flags');
  const terminalId = checkU32NonZero(r.u32(), 'terminal id');
  const amount = checkU32NonZero(r.u32(), 'amount');
  const currency = checkCurrency(r.u16());
  const challenge = r.take(CHALLENGE_BYTES);
  const walletCounter = checkU32NonZero(r.u32(), 'wallet counter');
  let certificate: Certificate | null = null;
  let certHash: Uint8Array | null = null;
  if (flags & FLAG_CERTIFICATE) certificate = readCertificate(r);
  else certHash = r.take(32);
  const extensions = readExtensions(r, PAYMENT_MAX_EXTENSIONS);
  const signature = r.take(64);
  r.end();
  return { terminalId, amount, currency, challenge, walletCounter, certificate, certHash, extensions, signature };
}
