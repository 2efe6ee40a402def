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

// The version byte after the type byte, as one little-endian u16 with it: encoders
// write `int(2, MessageType.X | Header.V1)`. An enum: the device build inlines it.
export enum Header {
  VERSION = 1,
  V1 = 0x100, // VERSION << 8
}

// Field and message sizes the codecs share, as enum members so that the device build
// inlines them instead of keeping a variable for each. The modules' exported constants
// (for other modules) repeat the numbers as literals, which the build can drop when
// nothing on the device reads them (tests/protocol/sizes.test.ts checks they agree).
export enum Size {
  CHALLENGE = 16,
  TAG = 16,
  HASH = 32,
  KEY = 32,
  SIGNATURE = 64,
  REQUEST_FIXED = 37,
  REQUEST_MAX = 48,
  CERT_MAX_EXTENSIONS = 64,
  PAYMENT_MAX = 256,
  PAYMENT_MAX_EXTENSIONS = 16,
  RECORD_FIXED = 137, // without the tag
  RECORD_MAX_EXTENSIONS = 7,
  RECORD_MAX = 137 + 16 + 7,
}

// At the cursor (../bytes.ts): reads the type and version bytes and checks them.
export function readHeader(type: number): void {
  const h = int(2);
  if ((h & 0xff) !== type) fail('not a message of type ' + type);
  if (h >> 8 !== Header.VERSION) throw new ProtocolError(Reason.UNSUPPORTED_VERSION, 'version ' + (h >> 8));
}

// Reads a u32 that must not be zero (ids, amounts, counters).
export function nonZero(): number {
  const v = int(4);
  if (v === 0) fail('a field that must be non-zero is zero at byte ' + (pos - 4));
  return v;
}

// ISO 4217 numeric codes are 1..999: reads one.
export function currency(): number {
  const v = int(2);
  if (v < 1 || v > 999) fail('currency ' + v + ' is not an ISO 4217 numeric code');
  return v;
}
