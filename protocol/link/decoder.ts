import type { Crc32 } from './crc32';
import { SYNC0, SYNC1, HEADER_BYTES, FRAME_OVERHEAD, MAX_PAYLOAD, type Frame } from './frame';

// Streaming frame decoder (LINK.md §3). Bytes arrive in arbitrary chunks; garbage, bit
// flips and dropped bytes are survived by scanning for the next sync pair and
// re-examining the bytes after a bad candidate, so a good frame behind a bad one is
// never lost. The buffer holds at most one maximal frame; it never throws. (Espruino's
// TypedArray.slice returns a plain Array, hence the copies through new Uint8Array.)
export class FrameDecoder {
  crc: Crc32;
  onFrame: (frame: Frame) => void;
  maxPayload: number;
  buf: Uint8Array;
  start: number;
  end: number;
  corrupt: number; // candidates with a valid header whose CRC failed

  constructor(crc: Crc32, onFrame: (frame: Frame) => void, maxPayload?: number) {
    this.crc = crc;
    this.onFrame = onFrame;
    this.maxPayload = Math.min(maxPayload ?? MAX_PAYLOAD, MAX_PAYLOAD);
    this.buf = new Uint8Array(FRAME_OVERHEAD + this.maxPayload);
    this.start = this.end = this.corrupt = 0;
  }

  push(chunk: Uint8Array): void {
    const b = this.buf;
    for (let off = 0; off < chunk.length; ) {
      if (this.end === b.length) {
        // Move the pending bytes to the front; a full buffer without a frame in it
        // means the candidate at `start` cannot complete.
        if (!this.start) this.start = 1;
        b.set(new Uint8Array(b.subarray(this.start, this.end)));
        this.end -= this.start;
        this.start = 0;
      }
      const n = Math.min(chunk.length - off, b.length - this.end);
      b.set(chunk.subarray(off, off + n), this.end);
      this.end += n;
      off += n;
      this.scan();
    }
  }

  scan(): void {
    const b = this.buf;
    for (;;) {
      const s = this.start;
      const avail = this.end - s;
      if (b[s] !== SYNC0 || (avail > 1 && b[s + 1] !== SYNC1)) {
        // Not a frame start: skip to the next SYNC0 (or past everything buffered).
        const i = b.indexOf(SYNC0, s + 1);
        this.start = i < 0 || i > this.end ? this.end : i;
        if (avail < 1) return;
        continue;
      }
      if (avail < HEADER_BYTES) return;
      const len = b[s + 2] | (b[s + 3] << 8);
      const at = s + HEADER_BYTES + len;
      if ((len ^ (b[s + 4] | (b[s + 5] << 8))) !== 0xffff || len > this.maxPayload) {
        this.start++;
        continue;
      }
      if (this.end < at + 4) return;
      if (this.crc(b.subarray(s + 2, at)) !== (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0) {
        this.corrupt++;
        this.start++;
        continue;
      }
      this.start = at + 4;
      this.onFrame({ type: b[s + 6], seq: b[s + 7], payload: new Uint8Array(b.subarray(s + HEADER_BYTES, at)) });
    }
  }
}
