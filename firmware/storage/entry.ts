import type { Crc32, Flash } from '../../hal/ports/flash';

// One log entry in a page: a 4-byte commit marker followed by its payload.
//   marker = [length byte][low 24 bits of CRC-32 over (context u32 LE, length byte, payload)]
// The payload is programmed first and the marker last, in a separate operation, so a cut
// leaves either an erased marker (not committed) or a marker whose bits are a strict
// superset of the intended ones (fails the check). A marker can never read as erased:
// the length byte is never 0xFF. The context (the journal's sequence number, the meta
// page's generation) ties an entry to its place so a stale one cannot pass as new.
export const MARKER_BYTES = 4;
export const ERASED = 0xff;

export function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

export function entryStride(payloadLength: number, align: number): number {
  return MARKER_BYTES + roundUp(payloadLength, align);
}

function check24(crc: Crc32, context: number, lengthByte: number, payload: Uint8Array): number {
  const buf = new Uint8Array(5 + payload.length);
  buf[0] = context & 0xff;
  buf[1] = (context >>> 8) & 0xff;
  buf[2] = (context >>> 16) & 0xff;
  buf[3] = (context >>> 24) & 0xff;
  buf[4] = lengthByte;
  buf.set(payload, 5);
  return crc(buf) & 0xffffff;
}

// Programs payload then marker. Returns the bytes the entry occupies.
export function writeEntry(flash: Flash, crc: Crc32, address: number, context: number, lengthByte: number, payload: Uint8Array): number {
  const align = flash.geometry.writeAlign;
  const padded = roundUp(payload.length, align);
  let body = payload;
  if (padded !== payload.length) {
    body = new Uint8Array(padded).fill(ERASED);
    body.set(payload, 0);
  }
  if (padded > 0) flash.program(address + MARKER_BYTES, body);
  const c = check24(crc, context, lengthByte, payload);
  const marker = new Uint8Array(MARKER_BYTES).fill(ERASED);
  marker[0] = lengthByte;
  marker[1] = c & 0xff;
  marker[2] = (c >>> 8) & 0xff;
  marker[3] = (c >>> 16) & 0xff;
  flash.program(address, marker.subarray(0, roundUp(MARKER_BYTES, align)));
  if (flash.sync) flash.sync();
  return MARKER_BYTES + padded;
}

export const END = 0; // erased marker: nothing committed here
export const BAD = -1; // not a committed entry: torn, garbage or out of room

// Reads the entry at `address` (which must leave `room` bytes in its page). Returns the
// marker and payload (byte 0 is the length byte, the payload starts at MARKER_BYTES), or
// END / BAD. `payloadLength` maps the length byte to the payload size, or -1
// when the byte is not a valid length.
export function readEntry(
  flash: Flash, crc: Crc32, address: number, room: number, context: number,
  payloadLength: (lengthByte: number) => number, maxPayload: number,
): Uint8Array | number {
  if (room < MARKER_BYTES) return END;
  // One read of the largest entry that fits: a native call on the device is cheaper
  // than a second one.
  const want = MARKER_BYTES + maxPayload;
  const got = flash.read(address, want < room ? want : room);
  if (got[0] === ERASED && got[1] === ERASED && got[2] === ERASED && got[3] === ERASED) return END;
  const len = payloadLength(got[0]);
  if (len < 0 || entryStride(len, flash.geometry.writeAlign) > room) return BAD;
  const entry = got.subarray(0, MARKER_BYTES + len);
  const c = check24(crc, context, entry[0], entry.subarray(MARKER_BYTES));
  if ((c & 0xff) !== entry[1] || ((c >>> 8) & 0xff) !== entry[2] || ((c >>> 16) & 0xff) !== entry[3]) return BAD;
  return entry;
}

// True when [address, address+length) is all erased. Compares CRCs so that the device
// does the work in its native CRC rather than an interpreted loop.
export function isErased(flash: Flash, crc: Crc32, address: number, length: number): boolean {
  const CHUNK = 256;
  const ff = new Uint8Array(CHUNK).fill(ERASED);
  const ffCrc = crc(ff);
  while (length > 0) {
    const n = length < CHUNK ? length : CHUNK;
    const got = flash.read(address, n);
    if (got[0] !== ERASED || got[n - 1] !== ERASED) return false;
    if (crc(got) !== (n === CHUNK ? ffCrc : crc(ff.subarray(0, n)))) return false;
    address += n;
    length -= n;
  }
  return true;
}
