import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkCurrency, checkU32NonZero } from './header';
import { fail } from '../errors';

// Payment request, terminal → wallet (SPEC.md §3). Shown as a QR code and served over NFC.
export interface PaymentRequest {
  terminalId: number;
  merchantId: number;
  amount: number;
  currency: number;
  challenge: Uint8Array; // 16 bytes from the terminal's RNG, never reused
  requestCounter: number;
  extensions: Uint8Array;
}

export const CHALLENGE_BYTES = 16;
export const REQUEST_MAX_BYTES = 48;
const FIXED = 37;

export function encodeRequest(q: PaymentRequest): Uint8Array {
  const ext = q.extensions || EMPTY_EXTENSIONS;
  if (FIXED + ext.length > REQUEST_MAX_BYTES) fail('request too large');
  const w = new Writer(FIXED + ext.length);
  w.u8(MessageType.REQUEST);
  w.u8(1);
  w.u32(q.terminalId);
  w.u32(q.merchantId);
  w.u32(q.amount);
  w.u16(q.currency);
  w.put(q.challenge);
  w.u32(q.requestCounter);
  writeExtensions(w, ext);
  return w.done();
}

export function decodeRequest(bytes: Uint8Array): PaymentRequest {
  if (bytes.length > REQUEST_MAX_BYTES) fail('request too large');
  const r = new Reader(bytes);
  readHeader(r, MessageType.REQUEST);
  const q: PaymentRequest = {
    terminalId: checkU32NonZero(r.u32(), 'terminal id'),
    merchantId: checkU32NonZero(r.u32(), 'merchant id'),
    amount: checkU32NonZero(r.u32(), 'amount'),
    currency: checkCurrency(r.u16()),
    challenge: r.take(CHALLENGE_BYTES),
    requestCounter: r.u32(),
    extensions: readExtensions(r, REQUEST_MAX_BYTES - FIXED),
  };
  r.end();
  return q;
}
