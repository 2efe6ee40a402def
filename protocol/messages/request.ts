import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, readHeader, currency, nonZero } from './header';
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
  begin(new Uint8Array(FIXED + ext.length));
  int(2, MessageType.REQUEST | Header.V1);
  int(4, q.terminalId);
  int(4, q.merchantId);
  int(4, q.amount);
  int(2, q.currency);
  bytes(q.challenge);
  int(4, q.requestCounter);
  writeExtensions(ext);
  return end();
}

export function decodeRequest(b: Uint8Array): PaymentRequest {
  if (b.length > REQUEST_MAX_BYTES) fail('request too large');
  begin(b);
  readHeader(MessageType.REQUEST);
  const q: PaymentRequest = {
    terminalId: nonZero(4),
    merchantId: nonZero(4),
    amount: nonZero(4),
    currency: currency(),
    challenge: bytes(CHALLENGE_BYTES),
    requestCounter: int(4),
    extensions: readExtensions(REQUEST_MAX_BYTES - FIXED),
  };
  end();
  return q;
}
