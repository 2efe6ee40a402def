import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, currency, nonZero } from './header';
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

export function encodeRequest(q: PaymentRequest): Uint8Array {
  const ext = q.extensions || EMPTY_EXTENSIONS;
  if (Size.REQUEST_FIXED + ext.length > Size.REQUEST_MAX) fail('request too large');
  begin(new Uint8Array(Size.REQUEST_FIXED + ext.length));
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
  if (b.length > Size.REQUEST_MAX) fail('request too large');
  begin(b);
  readHeader(MessageType.REQUEST);
  const q: PaymentRequest = {
    terminalId: nonZero(),
    merchantId: nonZero(),
    amount: nonZero(),
    currency: currency(),
    challenge: bytes(Size.CHALLENGE),
    requestCounter: int(4),
    extensions: readExtensions(Size.REQUEST_MAX - Size.REQUEST_FIXED),
  };
  end();
  return q;
}
