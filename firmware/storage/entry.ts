import type { Crc32, Flash } from '../../hal/ports/flash';

// What the journal and the meta log share: pages of entries on one flash device.
//
// Entry: a 4-byte commit marker followed by its payload.
//   marker = [length byte][low 24 bits of (CRC-32 of the payload) XOR context]
// The payload is programmed first and the marker last, in a separate operation, so a cut
// leaves either an erased marker (not committed) or a marker whose bits are a strict
// superset of the intended ones (fails the check). A marker can never read as erased:
// the length byte is never 0xFF. The context (the journal's sequence number, the meta
// page's generation) ties an entry to its place so a stale one cannot pass as new.
// Write alignments are 1, 2 or 4 (tests/storage/layout.test.ts), so the 4-byte marker
// keeps the payload aligned.
//
// Page headers are [words u32 LE][check]: the check is the low bytes of the CRC-32 of
// the words followed by 'K' and the log's kind letter.
// (Espruino's TypedArray.slice returns a plain Array: copies are new Uint8Array(view).)
export const MARKER_BYTES = 4;

export function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}

export class PageLog {
  dev: Flash;
  crc32: Crc32;
  pageBytes: number;
  align: number;

  constructor(flash: Flash, crc: Crc32) {
    this.dev = flash;
    this.crc32 = crc;
    this.pageBytes = flash.geometry.pageSize;
    this.align = flash.geometry.writeAlign;
  }

  // Bytes an entry with a `payloadLength`-byte payload occupies.
  stride(payloadLength: number): number {
    return (MARKER_BYTES + payloadLength + this.align - 1) & -this.align;
  }

  // Programs payload then marker at byte `off` of `page`, durably. Returns the bytes the
  // entry occupies.
  writeEntry(page: number, off: number, context: number, lengthByte: number, payload: Uint8Array): number {
    const at = page * this.pageBytes + off;
    const n = payload.length;
    const stride = this.stride(n);
    let body = payload;
    if (stride !== MARKER_BYTES + n) {
      body = new Uint8Array(stride - MARKER_BYTES).fill(0xff);
      body.set(payload);
    }
    if (n) this.dev.program(at + MARKER_BYTES, body);
    const marker = new Uint8Array(MARKER_BYTES);
    // The check is computed over the payload as it will lie in flash, so checking an
    // entry needs no copy (one native CRC call).
    putU32(marker, 0, lengthByte | ((this.crc32(payload) ^ context ^ (context >>> 24)) << 8));
    this.commit(at, marker);
    return stride;
  }

  // Programs `bytes` at `address` and makes everything written so far durable.
  commit(address: number, bytes: Uint8Array): void {
    this.dev.program(address, bytes);
    if (this.dev.sync) this.dev.sync();
  }

  // Parses the entry at `off` in `buf` (bytes read in one go). Returns the marker and
  // payload as a view (byte 0 is the length byte, the payload starts at MARKER_BYTES), or
  // undefined when nothing committed is there: the erased end of the log, or a torn or
  // foreign entry. Length bytes 1..maxLength give the payload size; 0 gives `zeroLength`
  // (-1: not allowed). Written flat: this runs once per entry at every boot.
  readEntry(buf: Uint8Array, off: number, context: number, maxLength: number, zeroLength: number): Uint8Array | undefined {
    const lb = buf[off];
    const len = lb === 0 ? zeroLength : lb <= maxLength ? lb : -1;
    if (len < 0 || ((MARKER_BYTES + len + this.align - 1) & -this.align) > buf.length - off) return undefined;
    const c = this.crc32(buf.subarray(off + MARKER_BYTES, off + MARKER_BYTES + len)) ^ context ^ (context >>> 24);
    if ((c & 0xffffff) !== u32(buf, off) >>> 8) return undefined;
    return buf.subarray(off, off + MARKER_BYTES + len);
  }

  // True when `bytes` are all erased. Compares CRCs so that the device does the work in
  // its native CRC rather than an interpreted loop.
  isErased(bytes: Uint8Array): boolean {
    const n = bytes.length;
    return !n || (bytes[0] === 0xff && this.crc32(bytes) === this.crc32(new Uint8Array(n).fill(0xff)));
  }

  // The CRC-32 a header's check comes from, for the header `h` whose words take its
  // first `n` bytes.
  headerCheck(h: Uint8Array, n: number, kind: number): number {
    const t = new Uint8Array(h.subarray(0, n + 2));
    t[n] = 0x4b;
    t[n + 1] = kind;
    return this.crc32(t);
  }
}
