import { Reader } from '../bytes';
import { ProtocolError, fail } from '../errors';
import { Reason } from '../reasons';

// Message type bytes (SPEC.md §2.1). Byte 0 of every message and of every signed or
// MACed input, so a signature for one kind can never be read as another.
export enum MessageType {
  REQUEST = 0x01,
  CERTIFICATE = 0x02,
  PAYMENT = 0x03,
  RECEIPT = 0x04,
  RECORD = 0x05,
  SETTINGS = 0x06,
  ACK = 0x07,
  ENROLMENT = 0x08,
  PAYMENT_SIGNING = 0x13,
}

export const VERSION = 1;

export function readHeader(r: Reader, type: number): void {
  if (r.u8() !== type) fail('not a message of type ' + type);
  const v = r.u8();
  if (v !== VERSION) throw new ProtocolError(Reason.UNSUPPORTED_VERSION, 'version ' + v);
}

export function checkU32NonZero(v: number, what: string): number {
  if (v === 0) fail(what + ' must be non-zero');
  return v;
}

// ISO 4217 numeric codes are 1..999.
export function checkCurrency(v: number): number {
  if (v < 1 || v > 999) fail('currency ' + v + ' is not an ISO 4217 numeric code');
  return v;
}
