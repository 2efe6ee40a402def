import type { Crc32, Flash } from '../../hal/ports/flash';

// One log entry in a page: a 4-byte commit marker followed by its payload.
//   marker = [length byte][low 24 bits of (CRC-32 of the payload) XOR context]
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

// The payload's CRC-32 with the context folded in: computed over the payload bytes as
// they lie in flash, so checking an entry needs no copy (one native CRC call).
function check24(crc: Crc32, context: number, payload: Uint8Array): number {
  return (crc(payload) ^ context ^ (context >>> 24)) & 0xffffff;
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
  const c = check24(crc, context, payload);
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

// Parses the entry at `off` in `page` (the bytes of a whole page, read once). Returns
// the marker and payload as a view (byte 0 is the length byte, the payload starts at
// MARKER_BYTES), or END / BAD. Length bytes 1..maxLength give the payload size; 0 gives
// `zeroLength` (-1: not allowed). Written flat: this runs once per entry at every boot.
export function parseEntry(
  page: Uint8Array, off: number, align: number, crc: Crc32, context: number,
  maxLength: number, zeroLength: number,
): Uint8Array | number {
  const room = page.length - off;
  if (room < MARKER_BYTES) return END;
  const lb = page[off];
  if (lb === ERASED && page[off + 1] === ERASED && page[off + 2] === ERASED && page[off + 3] === ERASED) return END;
  const len = lb === 0 ? zeroLength : lb <= maxLength ? lb : -1;
  if (len < 0 || MARKER_BYTES + (align === 1 ? len : roundUp(len, align)) > room) return BAD;
  const c = (crc(page.subarray(off + MARKER_BYTES, off + MARKER_BYTES + len)) ^ context ^ (context >>> 24)) & 0xffffff;
  if ((c & 0xff) !== page[off + 1] || ((c >>> 8) & 0xff) !== page[off + 2] || ((c >>> 16) & 0xff) !== page[off + 3]) return BAD;
  return page.subarray(off, off + MARKER_BYTES + len);
}

// True when `bytes` are all erased. Compares CRCs so that the device does the work in
// its native CRC rather than an interpreted loop.
export function isErased(crc: Crc32, bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n === 0) return true;
  if (bytes[0] !== ERASED || bytes[n - 1] !== ERASED) return false;
  return crc(bytes) === crc(new Uint8Array(n).fill(ERASED));
}
