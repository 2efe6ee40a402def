import { int, pos } from '../bytes';
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

// At the cursor (../bytes.ts): reads the type and version bytes and checks them.
export function readHeader(type: number): void {
  if (int(1) !== type) fail('not a message of type ' + type);
  const v = int(1);
  if (v !== VERSION) throw new ProtocolError(Reason.UNSUPPORTED_VERSION, 'version ' + v);
}

// Writes the type and version bytes.
export function writeHeader(type: number): void {
  int(1, type);
  int(1, VERSION);
}

// Reads an unsigned integer of n bytes that must not be zero (ids, amounts, counters).
export function nonZero(n: number): number {
  const v = int(n);
  if (v === 0) fail('a field that must be non-zero is zero at byte ' + (pos - n));
  return v;
}

// ISO 4217 numeric codes are 1..999: reads one.
export function currency(): number {
  const v = int(2);
  if (v < 1 || v > 999) fail('currency ' + v + ' is not an ISO 4217 numeric code');
  return v;
}
