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
  frames: number;
  corrupt: number; // candidates with a valid header whose CRC failed
  discarded: number; // bytes skipped while looking for a frame
  constructor(crc: Crc32, onFrame: (frame: Frame) => void, maxPayload?: number) {
    this.crc = crc;
    this.onFrame = onFrame;
    this.maxPayload = Math.min(maxPayload ?? MAX_PAYLOAD, MAX_PAYLOAD);
    this.buf = new Uint8Array(FRAME_OVERHEAD + this.maxPayload);
    this.start = 0;
    this.end = 0;
    this.frames = 0;
    this.corrupt = 0;
    this.discarded = 0;
  }

  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.end === this.buf.length) this.compact();
      if (this.end === this.buf.length) {
        // A full buffer without a frame in it: the candidate at `start` cannot complete.
        this.skip(1);
        this.compact();
      }
      const n = Math.min(chunk.length - off, this.buf.length - this.end);
      this.buf.set(chunk.subarray(off, off + n), this.end);
      this.end += n;
      off += n;
      this.scan();
    }
  }

  reset(): void {
    this.start = 0;
    this.end = 0;
  }

  compact(): void {
    if (this.start === 0) return;
    if (this.start < this.end) this.buf.set(new Uint8Array(this.buf.subarray(this.start, this.end)), 0);
    this.end -= this.start;
    this.start = 0;
  }

  skip(n: number): void {
    this.start += n;
    this.discarded += n;
  }

  scan(): void {
    const b = this.buf;
    for (;;) {
      const avail = this.end - this.start;
      if (avail < 2) {
        if (avail === 1 && b[this.start] !== SYNC0) this.skip(1);
        return;
      }
      if (b[this.start] !== SYNC0 || b[this.start + 1] !== SYNC1) {
        const i = b.indexOf(SYNC0, this.start + 1);
        this.skip((i < 0 || i >= this.end ? this.end : i) - this.start);
        continue;
      }
      if (avail < HEADER_BYTES) return;
      const s = this.start;
      const len = b[s + 2] | (b[s + 3] << 8);
      const inv = b[s + 4] | (b[s + 5] << 8);
      if ((len ^ inv) !== 0xffff || len > this.maxPayload) {
        this.skip(1);
        continue;
      }
      if (avail < FRAME_OVERHEAD + len) return;
      const at = s + HEADER_BYTES + len;
      const got = (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
      if (this.crc(b.subarray(s + 2, at)) !== got) {
        this.corrupt++;
        this.skip(1);
        continue;
      }
      const frame: Frame = { type: b[s + 6], seq: b[s + 7], payload: new Uint8Array(b.subarray(s + HEADER_BYTES, at)) };
      this.start = at + 4;
      this.frames++;
      this.onFrame(frame);
    }
  }
}
